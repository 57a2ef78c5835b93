package dev.telltale.experiments.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
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
     * Like {@link #pickMismatched}, but draws {@code candidates} mismatched samples and returns the
     * closest to sample {@code index}: the one sharing the most judged attributes, then the most of the
     * others, the first drawn on a tie. 1 candidate is the paper's random pick.
     */
    static int pickHardMismatched(CaptionedDataset ds, int index, Random rng, int candidates) {
        if (candidates < 1) {
            throw new IllegalArgumentException("candidates must be at least 1, got " + candidates);
        }
        int best = pickMismatched(ds, index, rng);
        if (candidates == 1) {
            return best;
        }
        List<String> judged = ds.judgedAttributes();
        Map<String, String> own = ds.attributes(index);
        int bestScore = closeness(own, ds.attributes(best), judged);
        for (int c = 1; c < candidates; c++) {
            int j = pickMismatched(ds, index, rng);
            int score = closeness(own, ds.attributes(j), judged);
            if (score > bestScore) {
                best = j;
                bestScore = score;
            }
        }
        return best;
    }

    /**
     * Wrong captions that differ from the image in exactly one judged attribute and nothing else, where
     * the dataset has such a sample: for shapes, the same scene with only the shape or only the colour
     * changed. Each pick first chooses one of the judged attributes that has such counterparts, then a
     * counterpart, so every judged word is tested equally often; a sample without counterparts gets the
     * closest of {@value #FALLBACK_CANDIDATES} random mismatches. Where the only judged attribute is a
     * class and there are no others (an imported dataset), every other-class sample is a counterpart:
     * the paper's random pick.
     *
     * <p>Not in the paper, which draws a random other image. On captioned shapes a random wrong caption
     * nearly always names another background, position or colour, and the discriminator learnt to
     * reject wrong pairs by those and hardly checked the shape (a real image scored 0.86 with its own
     * caption, 0.55 with only the shape word swapped, 0.02 with only the colour swapped); the closest
     * of 32 random mismatches still differed in position or size and changed nothing. With nothing to
     * check shapes for, the discriminator gave the generator nothing to learn them from.
     */
    public static final class Closest {

        static final int FALLBACK_CANDIDATES = 32;

        private final CaptionedDataset ds;
        private final Map<Map<String, String>, List<Integer>> byAttributes = new HashMap<>();

        /** Indexes {@code ds} by attributes (read without rendering). */
        public Closest(CaptionedDataset ds) {
            if (ds == null) {
                throw new IllegalArgumentException("dataset must not be null");
            }
            this.ds = ds;
            for (int i = 0; i < ds.size(); i++) {
                byAttributes.computeIfAbsent(ds.attributes(i), k -> new ArrayList<>()).add(i);
            }
        }

        /** The samples that differ from {@code own} in judged attribute {@code attribute} only. */
        List<Integer> counterparts(Map<String, String> own, String attribute) {
            List<Integer> out = new ArrayList<>();
            for (String value : ds.attributeValues().getOrDefault(attribute, List.of())) {
                if (value.equals(own.get(attribute))) {
                    continue;
                }
                Map<String, String> changed = new HashMap<>(own);
                changed.put(attribute, value);
                out.addAll(byAttributes.getOrDefault(changed, List.of()));
            }
            return out;
        }

        /** A sample that differs from sample {@code index} in judged attribute {@code attribute} only, if any. */
        public OptionalInt counterpart(int index, String attribute, Random rng) {
            List<Integer> c = counterparts(ds.attributes(index), attribute);
            return c.isEmpty() ? OptionalInt.empty() : OptionalInt.of(c.get(rng.nextInt(c.size())));
        }

        public int pick(int index, Random rng) {
            if (index < 0 || index >= ds.size()) {
                throw new IndexOutOfBoundsException("index " + index + " outside 0.." + (ds.size() - 1));
            }
            Map<String, String> own = ds.attributes(index);
            List<List<Integer>> options = new ArrayList<>();
            for (String attribute : ds.judgedAttributes()) {
                List<Integer> c = counterparts(own, attribute);
                if (!c.isEmpty()) {
                    options.add(c);
                }
            }
            if (options.isEmpty()) {
                return pickHardMismatched(ds, index, rng, FALLBACK_CANDIDATES);
            }
            List<Integer> chosen = options.get(rng.nextInt(options.size()));
            return chosen.get(rng.nextInt(chosen.size()));
        }
    }

    /** Shared judged attributes first, then shared others: an order on how close a wrong caption is. */
    static int closeness(Map<String, String> own, Map<String, String> other, List<String> judged) {
        int sharedJudged = 0;
        for (String attribute : judged) {
            sharedJudged += Objects.equals(own.get(attribute), other.get(attribute)) ? 1 : 0;
        }
        return 1000 * sharedJudged + shared(own, other) - sharedJudged;
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
