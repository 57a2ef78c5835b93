package dev.telltale.experiments.data;

import java.util.List;
import java.util.Map;

/**
 * One clip with its captions. Each frame is channels-first RGB (3 × size × size) in [-1, 1], the
 * range the video generator's tanh produces. {@code attributes} is the ground truth every caption
 * describes (for bouncing digits: digit and motion per digit); {@code truth} carries the digits'
 * positions too, or is null for imported clips that have none.
 */
public record VideoSample(int index, List<float[]> frames, int size, List<String> captions, Map<String, String> attributes,
        BouncingDigits.Truth truth) {

    public VideoSample {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("a clip needs at least one frame");
        }
        for (int t = 0; t < frames.size(); t++) {
            if (frames.get(t).length != 3 * size * size) {
                throw new IllegalArgumentException("frame " + t + " must hold 3 x " + size + " x " + size + " values, got "
                        + frames.get(t).length);
            }
        }
        if (captions.isEmpty()) {
            throw new IllegalArgumentException("a clip needs at least one caption");
        }
        frames = List.copyOf(frames);
        captions = List.copyOf(captions);
        attributes = Map.copyOf(attributes);
    }

    public int frameCount() {
        return frames.size();
    }

    /** All frames one after the other: T × 3 × size × size, the layout of one clip in a (B, T, 3, S, S) batch. */
    public float[] flatten() {
        int per = 3 * size * size;
        float[] out = new float[frames.size() * per];
        for (int t = 0; t < frames.size(); t++) {
            System.arraycopy(frames.get(t), 0, out, t * per, per);
        }
        return out;
    }
}
