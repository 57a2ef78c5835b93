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

    static boolean differs(Map<String, String> a, Map<String, String> b, List<String> judged) {
        for (String attribute : judged) {
            if (!Objects.equals(a.get(attribute), b.get(attribute))) {
                return true;
            }
        }
        return false;
    }
}
