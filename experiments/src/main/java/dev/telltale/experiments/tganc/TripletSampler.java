package dev.telltale.experiments.tganc;

import dev.telltale.experiments.data.VideoDataset;
import java.util.List;
import java.util.Random;

/**
 * Draws the triplets of TGANs-C's matching-aware loss: a real clip v_real+ with one of its own
 * captions, and the same clip as v_real− with a caption of another clip whose content differs
 * (another digit, another motion, another clip id), never one that also describes it.
 */
public final class TripletSampler {

    /** Random tries before a scan; with twenty-odd contents nearly every try succeeds. */
    static final int RANDOM_TRIES = 32;

    /** Per batch row: the clip, its caption, the mismatched caption and the clip that caption came from. */
    public record Triplets(int[] clips, String[] captions, String[] wrongCaptions, int[] wrongFrom) {}

    private TripletSampler() {}

    public static Triplets sample(VideoDataset ds, int batch, Random rng) {
        int[] clips = new int[batch];
        String[] captions = new String[batch];
        String[] wrong = new String[batch];
        int[] from = new int[batch];
        for (int b = 0; b < batch; b++) {
            int i = rng.nextInt(ds.size());
            List<String> own = ds.captions(i);
            clips[b] = i;
            captions[b] = own.get(rng.nextInt(own.size()));
            int j = pickMismatched(ds, i, rng);
            List<String> theirs = ds.captions(j);
            from[b] = j;
            wrong[b] = theirs.get(rng.nextInt(theirs.size()));
        }
        return new Triplets(clips, captions, wrong, from);
    }

    /**
     * A clip whose content differs from clip {@code index}'s.
     *
     * @throws IllegalStateException when every clip says the same as {@code index}
     */
    public static int pickMismatched(VideoDataset ds, int index, Random rng) {
        String own = ds.content(index);
        List<String> ownCaptions = ds.captions(index);
        for (int t = 0; t < RANDOM_TRIES; t++) {
            int j = rng.nextInt(ds.size());
            if (differs(ds, j, own, ownCaptions)) {
                return j;
            }
        }
        int start = rng.nextInt(ds.size());
        for (int k = 0; k < ds.size(); k++) {
            int j = (start + k) % ds.size();
            if (differs(ds, j, own, ownCaptions)) {
                return j;
            }
        }
        throw new IllegalStateException("every clip of " + ds.id() + " (" + ds.split() + ") says what clip " + index
                + " says, so no mismatched caption exists");
    }

    private static boolean differs(VideoDataset ds, int j, String own, List<String> ownCaptions) {
        // an imported set may give two clips the same caption text: that caption describes both
        return !ds.content(j).equals(own) && ds.captions(j).stream().noneMatch(ownCaptions::contains);
    }
}
