package dev.telltale.experiments.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Single frames of bouncing-digit clips as a {@link CaptionedDataset}, so the image machinery (the
 * domain classifier and its trainer) can learn to read digits off video frames. Sample i is one
 * frame of clip i, the frame picked from i; its judged attribute is what a frame shows by itself:
 * the digit (SBMG) or the unordered digit pair (TBMG, "1+8"). Motion is not in a single frame.
 */
public final class VideoFrames implements CaptionedDataset {

    private static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    private final BouncingDigits clips;
    private final int frames;
    private final String head;

    private VideoFrames(BouncingDigits clips, int frames) {
        this.clips = clips;
        this.frames = frames;
        this.head = clips.digitsPerClip() == 1 ? "digit" : "pair";
    }

    /** The frames of {@code clips} rendered as clips of {@code frames} frames. */
    public static VideoFrames of(BouncingDigits clips, int frames) {
        if (clips == null || frames < 1) {
            throw new IllegalArgumentException("clips must be given and frames positive");
        }
        return new VideoFrames(clips, frames);
    }

    /** The attribute a frame classifier reads for clips of this many digits: "digit" or "pair". */
    public static String head(int digitsPerClip) {
        return digitsPerClip == 1 ? "digit" : "pair";
    }

    /** The class a frame of a clip with these attributes has under {@link #head}. */
    public static String frameClass(Map<String, String> clipAttributes) {
        return clipAttributes.containsKey("pair") ? clipAttributes.get("pair") : clipAttributes.get("digit");
    }

    @Override
    public String id() {
        return clips.id() + "-frames";
    }

    @Override
    public Split split() {
        return clips.split();
    }

    @Override
    public int size() {
        return clips.size();
    }

    @Override
    public CaptionedSample get(int index, int resolution) {
        VideoSample clip = clips.get(index, frames, resolution);
        int t = (int) Math.floorMod(Seeds.mix(index), (long) frames);
        return new CaptionedSample(index, clip.frames().get(t), resolution, clip.captions(), attributes(index));
    }

    @Override
    public Map<String, String> attributes(int index) {
        return Map.of(head, frameClass(clips.attributes(index)));
    }

    @Override
    public Map<String, List<String>> attributeValues() {
        return Map.of(head, head.equals("digit") ? DIGITS : new ArrayList<>(BouncingDigits.pairNames()));
    }

    @Override
    public List<String> judgedAttributes() {
        return List.of(head);
    }
}
