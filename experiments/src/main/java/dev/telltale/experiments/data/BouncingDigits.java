package dev.telltale.experiments.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Bouncing MNIST GIFs with captions after Sync-DRAW (Mittal et al. 2017), the data of TGANs-C:
 * SBMG ({@value #SINGLE}, one digit) and TBMG ({@value #TWO}, two digits). Real MNIST digits of
 * 28 × 28 move on a 64 × 64 black canvas either "left and right" or "up and down", bouncing off
 * the walls, and captions say so: "the digit 3 is moving up and down .", "digit 1 is left and right
 * and digit 8 is up and down .". Frames are rendered on the 64-pixel canvas and then area-resampled
 * to the asked size, so every model size sees the same motion.
 *
 * <p>Physics (our reading of Sync-DRAW's generator, whose exact speeds are not published): each
 * digit starts at a random whole-pixel position, moves 2 to 5 pixels per frame along its axis and
 * is mirrored at the walls, so its box always stays inside the canvas; the other coordinate stays
 * fixed. Where two digits overlap the brighter ink wins (max), as on a real screen of white strokes.
 *
 * <p>Splits: as in Sync-DRAW, TEST holds (digit, motion) combinations that TRAIN never shows
 * ({@link #heldOut}), so a model's grasp of unseen captions is measurable; TBMG's TEST clips have at
 * least one such pair, its TRAIN clips none. TRAIN and TEST also draw from disjoint source digits
 * (the split of {@link CaptionedDigits}).
 */
public final class BouncingDigits implements VideoDataset {

    public static final String SINGLE = "sbmg";
    public static final String TWO = "tbmg";
    public static final int CANVAS = 64;
    public static final int DIGIT = 28;
    /** Largest top-left coordinate that keeps a digit's box on the canvas. */
    public static final int MAX_POSITION = CANVAS - DIGIT;
    public static final int MIN_SPEED = 2;
    public static final int MAX_SPEED = 5;
    public static final int CAPTIONS_PER_CLIP = 3;

    /** The (digit, motion) pairs only TEST shows: four of the twenty, spread over digits and motions. */
    private static final Map<Integer, Motion> HELD_OUT = Map.of(1, Motion.VERTICAL, 4, Motion.HORIZONTAL,
            6, Motion.VERTICAL, 9, Motion.HORIZONTAL);

    private static final List<String> SINGLE_TEMPLATES = List.of(
            "the digit {digit} is moving {motion} .",
            "digit {digit} is moving {motion} .",
            "the digit {digit} is going {motion} .",
            "digit {digit} moves {motion} .",
            "the digit {digit} is bouncing {motion} .");
    private static final List<String> TWO_TEMPLATES = List.of(
            "digit {digit} is {motion} and digit {other} is {othermotion} .",
            "the digit {digit} is moving {motion} and the digit {other} is moving {othermotion} .",
            "digit {digit} moves {motion} and digit {other} moves {othermotion} .",
            "the digit {digit} is going {motion} while the digit {other} is going {othermotion} .");

    /**
     * What a clip shows: the digits in caption order, how each moves, and each digit's top-left
     * corner on the 64-pixel canvas per frame ({@code positions[digit][frame] = {x, y}}).
     */
    public record Truth(int[] digits, Motion[] motions, int[][][] positions) {

        /** Centre of digit {@code d}'s box in frame {@code t}, in canvas pixels {x, y}. */
        public double[] center(int d, int t) {
            return new double[] {positions[d][t][0] + DIGIT / 2.0, positions[d][t][1] + DIGIT / 2.0};
        }
    }

    private record Scene(int[] digits, Motion[] motions, int[] sources, int[] x, int[] y, int[] velocity, long captionSeed) {}

    private final MnistDigits source;
    private final String id;
    private final int digitsPerClip;
    private final long seed;
    private final Split split;
    private final int count;
    private final int[][] pool;
    private final boolean holdOut;

    private BouncingDigits(MnistDigits source, String id, int digitsPerClip, long seed, Split split, int count, boolean holdOut) {
        this.source = source;
        this.id = id;
        this.digitsPerClip = digitsPerClip;
        this.seed = seed;
        this.split = split;
        this.count = count;
        this.pool = CaptionedDigits.sourcePool(source, split);
        this.holdOut = holdOut;
    }

    /** SBMG (one digit per clip) or TBMG (two) by catalog id. */
    public static BouncingDigits create(String id, MnistDigits source, long seed, Split split, int count) {
        return create(id, source, seed, split, count, true);
    }

    /**
     * Like {@link #create(String, MnistDigits, long, Split, int)}; with {@code holdOutCombinations}
     * false both splits show every (digit, motion) pair (still from disjoint source digits), which is
     * what a frame classifier needs to be tested on all ten digits.
     */
    public static BouncingDigits create(String id, MnistDigits source, long seed, Split split, int count,
            boolean holdOutCombinations) {
        if (!SINGLE.equals(id) && !TWO.equals(id)) {
            throw new IllegalArgumentException("dataset must be " + SINGLE + " or " + TWO + ", got '" + id + "'");
        }
        if (source == null || split == null) {
            throw new IllegalArgumentException("source and split must not be null");
        }
        if (source.rows() != DIGIT || source.cols() != DIGIT) {
            throw new IllegalArgumentException("digits must be " + DIGIT + " x " + DIGIT + ", got " + source.rows() + " x " + source.cols());
        }
        if (count <= 0) {
            throw new IllegalArgumentException("count must be positive, got " + count);
        }
        BouncingDigits d = new BouncingDigits(source, id, SINGLE.equals(id) ? 1 : 2, seed, split, count, holdOutCombinations);
        for (int label = 0; label < 10; label++) {
            if (d.pool[label].length == 0) {
                throw new IllegalArgumentException("source has no " + split + " digits labelled " + label);
            }
        }
        return d;
    }

    /** Whether TRAIN never shows {@code digit} moving {@code motion}. */
    public static boolean heldOut(int digit, Motion motion) {
        return HELD_OUT.get(digit) == motion;
    }

    public int digitsPerClip() {
        return digitsPerClip;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Split split() {
        return split;
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public List<String> captions(int index) {
        Scene s = scene(index);
        SplittableRandom rng = new SplittableRandom(s.captionSeed());
        List<String> templates = new ArrayList<>(digitsPerClip == 1 ? SINGLE_TEMPLATES : TWO_TEMPLATES);
        for (int i = templates.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            String t = templates.get(i);
            templates.set(i, templates.get(j));
            templates.set(j, t);
        }
        Map<String, String> slots = new LinkedHashMap<>();
        if (digitsPerClip == 1) {
            slots.put("digit", Integer.toString(s.digits()[0]));
            slots.put("motion", s.motions()[0].phrase());
        } else {
            slots.put("digit", Integer.toString(s.digits()[0]));
            slots.put("motion", s.motions()[0].phrase());
            slots.put("other", Integer.toString(s.digits()[1]));
            slots.put("othermotion", s.motions()[1].phrase());
        }
        List<String> out = new ArrayList<>(CAPTIONS_PER_CLIP);
        for (int i = 0; i < CAPTIONS_PER_CLIP; i++) {
            out.add(CaptionTemplates.fill(templates.get(i), slots));
        }
        return out;
    }

    /** SBMG: digit, motion; TBMG: digit1, motion1, digit2, motion2 (caption order) and the sorted pair. */
    @Override
    public Map<String, String> attributes(int index) {
        return attributesOf(scene(index));
    }

    @Override
    public String content(int index) {
        Scene s = scene(index);
        List<String> pairs = new ArrayList<>();
        for (int d = 0; d < digitsPerClip; d++) {
            pairs.add(s.digits()[d] + ":" + s.motions()[d].phrase());
        }
        pairs.sort(null);
        return String.join("|", pairs);
    }

    @Override
    public VideoSample get(int index, int frames, int size) {
        if (frames < 1) {
            throw new IllegalArgumentException("frames must be positive, got " + frames);
        }
        if (size < 1) {
            throw new IllegalArgumentException("size must be positive, got " + size);
        }
        Scene s = scene(index);
        Truth truth = simulate(s, frames);
        float[][] resample = areaWeights(CANVAS, size);
        List<float[]> out = new ArrayList<>(frames);
        for (int t = 0; t < frames; t++) {
            out.add(toRgb(resize(canvas(s, truth, t), resample, size), size));
        }
        return new VideoSample(index, out, size, captions(index), attributesOf(s), truth);
    }

    private Scene scene(int index) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("index " + index + " outside 0.." + (count - 1));
        }
        SplittableRandom rng = Seeds.forSample(seed, id, split, index);
        int k = digitsPerClip;
        int[] digits = new int[k];
        Motion[] motions = new Motion[k];
        // rejection: a handful of tries at most (SBMG TEST accepts 4 of 20 pairs)
        while (true) {
            int held = 0;
            for (int d = 0; d < k; d++) {
                digits[d] = rng.nextInt(10);
                motions[d] = rng.nextBoolean() ? Motion.HORIZONTAL : Motion.VERTICAL;
                held += heldOut(digits[d], motions[d]) ? 1 : 0;
            }
            if (!holdOut || (split == Split.TRAIN ? held == 0 : held > 0)) {
                break;
            }
        }
        int[] sources = new int[k];
        int[] x = new int[k];
        int[] y = new int[k];
        int[] velocity = new int[k];
        for (int d = 0; d < k; d++) {
            sources[d] = pool[digits[d]][rng.nextInt(pool[digits[d]].length)];
            x[d] = rng.nextInt(MAX_POSITION + 1);
            y[d] = rng.nextInt(MAX_POSITION + 1);
            velocity[d] = rng.nextInt(MIN_SPEED, MAX_SPEED + 1) * (rng.nextBoolean() ? 1 : -1);
        }
        return new Scene(digits, motions, sources, x, y, velocity, rng.nextLong());
    }

    private Map<String, String> attributesOf(Scene s) {
        Map<String, String> a = new LinkedHashMap<>();
        if (digitsPerClip == 1) {
            a.put("digit", Integer.toString(s.digits()[0]));
            a.put("motion", s.motions()[0].phrase());
        } else {
            for (int d = 0; d < 2; d++) {
                a.put("digit" + (d + 1), Integer.toString(s.digits()[d]));
                a.put("motion" + (d + 1), s.motions()[d].phrase());
            }
            a.put("pair", pairName(s.digits()[0], s.digits()[1]));
        }
        return a;
    }

    /** The unordered digit pair as one class name, smaller digit first: "1+8". */
    public static String pairName(int a, int b) {
        return Math.min(a, b) + "+" + Math.max(a, b);
    }

    /** Every pair name, the classes of a frame classifier for TBMG (55 of them). */
    public static List<String> pairNames() {
        List<String> names = new ArrayList<>();
        for (int a = 0; a < 10; a++) {
            for (int b = a; b < 10; b++) {
                names.add(pairName(a, b));
            }
        }
        return names;
    }

    /** Steps every digit along its axis, mirroring at the walls (a reflection, so no frame leaves the canvas). */
    private Truth simulate(Scene s, int frames) {
        int k = digitsPerClip;
        int[][][] positions = new int[k][frames][2];
        for (int d = 0; d < k; d++) {
            int along = s.motions()[d] == Motion.HORIZONTAL ? s.x()[d] : s.y()[d];
            int v = s.velocity()[d];
            for (int t = 0; t < frames; t++) {
                positions[d][t][0] = s.motions()[d] == Motion.HORIZONTAL ? along : s.x()[d];
                positions[d][t][1] = s.motions()[d] == Motion.VERTICAL ? along : s.y()[d];
                along += v;
                if (along > MAX_POSITION) {
                    along = 2 * MAX_POSITION - along;
                    v = -v;
                } else if (along < 0) {
                    along = -along;
                    v = -v;
                }
            }
        }
        return new Truth(s.digits().clone(), s.motions().clone(), positions);
    }

    /** Frame t on the 64-pixel canvas, ink in [0, 1]. */
    private float[] canvas(Scene s, Truth truth, int t) {
        float[] canvas = new float[CANVAS * CANVAS];
        for (int d = 0; d < digitsPerClip; d++) {
            int left = truth.positions()[d][t][0];
            int top = truth.positions()[d][t][1];
            for (int r = 0; r < DIGIT; r++) {
                for (int c = 0; c < DIGIT; c++) {
                    int p = (top + r) * CANVAS + left + c;
                    canvas[p] = Math.max(canvas[p], source.intensity(s.sources()[d], r, c) / 255f);
                }
            }
        }
        return canvas;
    }

    /** w[j][i]: the share of input pixel i inside output pixel j (rows sum to 1); works both ways. */
    static float[][] areaWeights(int from, int to) {
        float[][] w = new float[to][from];
        double scale = (double) from / to;
        for (int j = 0; j < to; j++) {
            double lo = j * scale;
            double hi = (j + 1) * scale;
            for (int i = (int) Math.floor(lo); i < Math.min(from, (int) Math.ceil(hi)); i++) {
                double overlap = Math.min(hi, i + 1) - Math.max(lo, i);
                if (overlap > 0) {
                    w[j][i] = (float) (overlap / scale);
                }
            }
        }
        return w;
    }

    private static float[] resize(float[] canvas, float[][] w, int size) {
        if (size == CANVAS) {
            return canvas;
        }
        float[] rows = new float[size * CANVAS];
        for (int j = 0; j < size; j++) {
            for (int i = 0; i < CANVAS; i++) {
                float wi = w[j][i];
                if (wi != 0) {
                    for (int c = 0; c < CANVAS; c++) {
                        rows[j * CANVAS + c] += wi * canvas[i * CANVAS + c];
                    }
                }
            }
        }
        float[] out = new float[size * size];
        for (int r = 0; r < size; r++) {
            for (int j = 0; j < size; j++) {
                float acc = 0;
                for (int i = 0; i < CANVAS; i++) {
                    acc += w[j][i] * rows[r * CANVAS + i];
                }
                out[r * size + j] = acc;
            }
        }
        return out;
    }

    private static float[] toRgb(float[] grey, int size) {
        int plane = size * size;
        float[] out = new float[3 * plane];
        for (int p = 0; p < plane; p++) {
            float v = Math.min(1f, Math.max(0f, grey[p])) * 2f - 1f;
            out[p] = v;
            out[plane + p] = v;
            out[2 * plane + p] = v;
        }
        return out;
    }
}
