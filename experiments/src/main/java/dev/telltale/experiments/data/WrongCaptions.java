package dev.telltale.experiments.data;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * Picks the "wrong" pairs of matching-aware training (Reed et al. 2016, StackGAN): a real image with
 * the caption of another sample that differs from it in at least one judged attribute, so the
 * discriminator learns to reject a real image whose caption does not fit it.
 */
public final class WrongCaptions {

    /** Random tries before falling back to a scan; with balanced attributes nearly every try succeeds. */
    static final int RANDOM_TRIES = 32;

    private WrongCaptions() {
    }

    /**
     * The index of a sample whose judged attributes differ from sample {@code index}'s in at least one.
     * Reads attributes only (no rendering).
     *
     * @throws IllegalStateException when every sample shares all judged attributes with {@code index}
     */
    public static int pickMismatched(CaptionedDataset ds, int index, Random rng) {
        if (ds == null || rng == null) {
            throw new IllegalArgumentException("dataset and rng must not be null");
        }
        int size = ds.size();
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("index " + index + " outside 0.." + (size - 1));
        }
        List<String> judged = ds.judgedAttributes();
        Map<String, String> own = ds.attributes(index);
        for (int t = 0; t < RANDOM_TRIES; t++) {
            int j = rng.nextInt(size);
            if (j != index && differs(own, ds.attributes(j), judged)) {
                return j;
            }
        }
        // rare: most samples share the judged attributes; a scan from a random start stays unbiased enough
        int start = rng.nextInt(size);
        for (int k = 0; k < size; k++) {
            int j = (start + k) % size;
            if (j != index && differs(own, ds.attributes(j), judged)) {
                return j;
            }
        }
        throw new IllegalStateException("every sample of " + ds.id() + " (" + ds.split() + ") has the judged attributes "
            + judged + " of sample " + index + ", so no wrong caption exists");
    }

    /**
     * Like {@link #pickMismatched}, but draws {@code candidates} mismatched samples and returns the one
     * that shares the most attributes (judged or not) with sample {@code index}, the first drawn on a
     * tie; 1 candidate is the paper's random pick. Not in the paper: on captioned shapes a random
     * wrong caption nearly always names another background, position or size as well, so the
     * discriminator rejected wrong pairs by the background and hardly checked the shape (a real image
     * scored 0.86 with its own caption, 0.55 with only the shape word swapped, 0.02 with only the
     * colour swapped). Close negatives make it check every word.
     */
    public static int pickHardMismatched(CaptionedDataset ds, int index, Random rng, int candidates) {
        if (candidates < 1) {
            throw new IllegalArgumentException("candidates must be at least 1, got " + candidates);
        }
        int best = pickMismatched(ds, index, rng);
        if (candidates == 1) {
            return best;
        }
        Map<String, String> own = ds.attributes(index);
        int bestShared = shared(own, ds.attributes(best));
        for (int c = 1; c < candidates; c++) {
            int j = pickMismatched(ds, index, rng);
            int k = shared(own, ds.attributes(j));
            if (k > bestShared) {
                best = j;
                bestShared = k;
            }
        }
        return best;
    }

    /** How many attributes {@code a} and {@code b} both carry with the same value. */
    static int shared(Map<String, String> a, Map<String, String> b) {
        int n = 0;
        for (Map.Entry<String, String> e : a.entrySet()) {
            if (Objects.equals(e.getValue(), b.get(e.getKey()))) {
                n++;
            }
        }
        return n;
    }

    static boolean differs(Map<String, String> a, Map<String, String> b, List<String> judged) {
        for (String attribute : judged) {
            if (!Objects.equals(a.get(attribute), b.get(attribute))) {
                return true;
            }
        }
        return false;
    }
}
