package dev.telltale.experiments.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Real handwritten MNIST digits, coloured and placed on a dark background, with ten captions each
 * such as "a blue handwritten seven on the right". The digit attribute is the English word
 * ("zero".."nine"); captions name the digit either as that word or as its numeral ("the digit 7"),
 * so a text encoder has to learn that both mean the same class.
 *
 * <p>TRAIN and TEST draw from disjoint source digits: per label, a fixed permutation (independent of
 * the dataset seed, so no seed can leak a test digit into training) gives the first 85% to TRAIN
 * and the rest to TEST. As with {@link CaptionedShapes}, each TEST image's first
 * {@link #HELD_OUT_CAPTIONS} captions use phrasings that TRAIN never shows.
 */
public final class CaptionedDigits implements CaptionedDataset {

    public static final String ID = "digits";
    public static final int CAPTIONS_PER_IMAGE = 10;
    public static final int HELD_OUT_CAPTIONS = 4;
    /** Share of each label's source digits that goes to TRAIN. */
    public static final double TRAIN_FRACTION = 0.85;

    static final List<String> DIGITS = List.of("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine");
    static final List<String> COLORS = List.of("red", "green", "blue", "yellow", "purple", "orange", "white");
    static final List<String> POSITIONS = List.of("left", "right", "top", "bottom", "center");
    private static final List<String> POSITION_PHRASES = List.of("on the left", "on the right", "at the top", "at the bottom", "in the center");

    private static final int[][] COLOR_RGB = {
        {235, 50, 50}, {50, 200, 70}, {60, 110, 255}, {250, 225, 40}, {170, 80, 230}, {250, 145, 30}, {245, 245, 245}};
    private static final double[][] POSITION_CENTER = {{0.28, 0.5}, {0.72, 0.5}, {0.5, 0.28}, {0.5, 0.72}, {0.5, 0.5}};
    /** Side of the digit's 28 × 28 box as a fraction of the image side (MNIST ink fills its inner 20 × 20). */
    private static final double BOX_SIDE = 0.55;
    private static final long SOURCE_SPLIT_SEED = 0x5eed_d161_75L;

    private static final List<String> SHARED_TEMPLATES = List.of(
        "a {color} handwritten {digit} {where}",
        "the digit {numeral} written in {color} {where}",
        "a {color} {digit} on a dark background",
        "there is a handwritten {digit} in {color} {where}",
        "{color} number {digit} {where}",
        "a dark image with a {color} {digit} {where}",
        "the number {numeral} in {color}",
        "a {digit} drawn in {color} ink {where}",
        "handwritten {color} digit {numeral}",
        "this picture shows a {color} {digit} {where}",
        "a {color} {digit}",
        "{digit}, written in {color}, {where}");
    private static final List<String> HELD_OUT_TEMPLATES = List.of(
        "{where} is a {color} {digit}",
        "someone wrote the number {digit} {where} using {color} ink",
        "a handwritten {numeral} colored {color}, placed {where}",
        "{color} strokes form the digit {digit} {where}");

    private record Scene(int digit, int source, int color, int position, int background,
                         double dx, double dy, double scale, int[] rgb, long captionSeed) {
    }

    private final MnistDigits source;
    private final long seed;
    private final Split split;
    private final int count;
    /** pool[label] = the source digits of that label this split may use. */
    private final int[][] pool;

    private CaptionedDigits(MnistDigits source, long seed, Split split, int count, int[][] pool) {
        this.source = source;
        this.seed = seed;
        this.split = split;
        this.count = count;
        this.pool = pool;
    }

    public static CaptionedDigits create(MnistDigits source, long seed, Split split, int count) {
        if (source == null) {
            throw new IllegalArgumentException("source must not be null");
        }
        if (split == null) {
            throw new IllegalArgumentException("split must not be null");
        }
        if (count <= 0) {
            throw new IllegalArgumentException("count must be positive, got " + count);
        }
        int[][] pool = sourcePool(source, split);
        for (int label = 0; label < 10; label++) {
            if (pool[label].length == 0) {
                throw new IllegalArgumentException("source has no " + split + " digits labelled " + label
                    + " (needs at least 2 per label so TRAIN and TEST each get one)");
            }
        }
        return new CaptionedDigits(source, seed, split, count, pool);
    }

    /** The source digit indices the split may use, per label; TRAIN and TEST pools are disjoint. */
    static int[][] sourcePool(MnistDigits source, Split split) {
        List<List<Integer>> byLabel = new ArrayList<>();
        for (int label = 0; label < 10; label++) {
            byLabel.add(new ArrayList<>());
        }
        for (int i = 0; i < source.count(); i++) {
            byLabel.get(source.label(i)).add(i);
        }
        int[][] pool = new int[10][];
        for (int label = 0; label < 10; label++) {
            List<Integer> all = byLabel.get(label);
            SplittableRandom rng = new SplittableRandom(Seeds.derive(SOURCE_SPLIT_SEED, label));
            for (int i = all.size() - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                Integer t = all.get(i);
                all.set(i, all.get(j));
                all.set(j, t);
            }
            // both splits get at least one digit whenever a label has two
            int train = all.size() < 2 ? all.size() : Math.max(1, Math.min(all.size() - 1,
                (int) Math.round(all.size() * TRAIN_FRACTION)));
            List<Integer> mine = split == Split.TRAIN ? all.subList(0, train) : all.subList(train, all.size());
            pool[label] = mine.stream().mapToInt(Integer::intValue).toArray();
        }
        return pool;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Split split() {
        return split;
    }

    @Override
    public int heldOutPhrasings() {
        return split == Split.TEST ? HELD_OUT_CAPTIONS : 0;
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public Map<String, List<String>> attributeValues() {
        Map<String, List<String>> values = new LinkedHashMap<>();
        values.put("digit", DIGITS);
        values.put("color", COLORS);
        values.put("position", POSITIONS);
        return values;
    }

    @Override
    public List<String> judgedAttributes() {
        return List.of("digit", "color");
    }

    @Override
    public Map<String, String> attributes(int index) {
        return attributesOf(scene(index));
    }

    /** Which source digit sample {@code index} shows (for checking the TRAIN/TEST separation). */
    public int sourceIndex(int index) {
        return scene(index).source();
    }

    @Override
    public CaptionedSample get(int index, int resolution) {
        if (resolution <= 0) {
            throw new IllegalArgumentException("resolution must be positive, got " + resolution);
        }
        Scene scene = scene(index);
        Map<String, String> attributes = attributesOf(scene);
        Map<String, String> slots = new LinkedHashMap<>();
        slots.put("digit", DIGITS.get(scene.digit()));
        slots.put("numeral", Integer.toString(scene.digit()));
        slots.put("color", COLORS.get(scene.color()));
        slots.put("where", POSITION_PHRASES.get(scene.position()));
        List<String> captions = CaptionTemplates.pick(SHARED_TEMPLATES, HELD_OUT_TEMPLATES, split, CAPTIONS_PER_IMAGE,
            slots, new SplittableRandom(scene.captionSeed()));
        return new CaptionedSample(index, render(scene, resolution), resolution, captions, attributes);
    }

    static int[] colorRgb(String color) {
        return COLOR_RGB[COLORS.indexOf(color)].clone();
    }

    /** Centre of the named position in unit coordinates (x, y), before the per-sample jitter. */
    static double[] positionCenter(String position) {
        return POSITION_CENTER[POSITIONS.indexOf(position)].clone();
    }

    private Scene scene(int index) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("index " + index + " outside 0.." + (count - 1));
        }
        SplittableRandom rng = Seeds.forSample(seed, ID, split, index);
        int digit = rng.nextInt(10);
        int sourceDigit = pool[digit][rng.nextInt(pool[digit].length)];
        int color = rng.nextInt(COLORS.size());
        int position = rng.nextInt(POSITIONS.size());
        int background = rng.nextInt(0, 36);
        double dx = rng.nextDouble(-0.02, 0.02);
        double dy = rng.nextDouble(-0.02, 0.02);
        double scale = rng.nextDouble(0.9, 1.1);
        int[] rgb = new int[3];
        for (int c = 0; c < 3; c++) {
            rgb[c] = Math.max(0, Math.min(255, COLOR_RGB[color][c] + rng.nextInt(-10, 11)));
        }
        return new Scene(digit, sourceDigit, color, position, background, dx, dy, scale, rgb, rng.nextLong());
    }

    private static Map<String, String> attributesOf(Scene s) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("digit", DIGITS.get(s.digit()));
        a.put("color", COLORS.get(s.color()));
        a.put("position", POSITIONS.get(s.position()));
        return a;
    }

    /**
     * Samples the digit's ink in unit coordinates (bilinear, supersampled when the box is smaller
     * than the source) and blends the colour over the background by ink intensity.
     */
    private float[] render(Scene s, int resolution) {
        int rows = source.rows();
        int cols = source.cols();
        double side = BOX_SIDE * s.scale();
        double left = POSITION_CENTER[s.position()][0] + s.dx() - side / 2;
        double top = POSITION_CENTER[s.position()][1] + s.dy() - side / 2;
        double boxPixels = side * resolution;
        int ss = (int) Math.min(8, Math.max(1, Math.ceil(Math.max(rows, cols) / boxPixels)));
        int plane = resolution * resolution;
        float[] out = new float[3 * plane];
        float bg = s.background() / 255f;
        for (int y = 0; y < resolution; y++) {
            for (int x = 0; x < resolution; x++) {
                double ink = 0;
                for (int sy = 0; sy < ss; sy++) {
                    double uy = (y + (sy + 0.5) / ss) / resolution;
                    double r = (uy - top) / side * rows - 0.5;
                    for (int sx = 0; sx < ss; sx++) {
                        double ux = (x + (sx + 0.5) / ss) / resolution;
                        double c = (ux - left) / side * cols - 0.5;
                        ink += bilinear(s.source(), r, c, rows, cols);
                    }
                }
                double a = ink / (ss * ss * 255.0);
                int p = y * resolution + x;
                for (int ch = 0; ch < 3; ch++) {
                    double v = bg * (1 - a) + (s.rgb()[ch] / 255.0) * a;
                    out[ch * plane + p] = (float) (v * 2 - 1);
                }
            }
        }
        return out;
    }

    private double bilinear(int digit, double r, double c, int rows, int cols) {
        int r0 = (int) Math.floor(r);
        int c0 = (int) Math.floor(c);
        double fr = r - r0;
        double fc = c - c0;
        return (1 - fr) * ((1 - fc) * at(digit, r0, c0, rows, cols) + fc * at(digit, r0, c0 + 1, rows, cols))
            + fr * ((1 - fc) * at(digit, r0 + 1, c0, rows, cols) + fc * at(digit, r0 + 1, c0 + 1, rows, cols));
    }

    private double at(int digit, int r, int c, int rows, int cols) {
        if (r < 0 || c < 0 || r >= rows || c >= cols) {
            return 0;
        }
        return source.intensity(digit, r, c);
    }
}
