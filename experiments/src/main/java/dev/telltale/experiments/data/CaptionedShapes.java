package dev.telltale.experiments.data;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Synthesised captioned images: one coloured shape on a plain background, described by ten captions
 * drawn from a small grammar. Every sample is a set of parameters derived from (seed, split, index);
 * pixels are drawn from them with Java2D in unit coordinates, so any resolution shows the same scene.
 *
 * <p>TEST images come from a stream of their own, and each TEST image's first
 * {@link #HELD_OUT_CAPTIONS} captions use phrasings that TRAIN never shows, so how a model copes with
 * unseen wording can be measured apart from unseen images. Every caption names the shape and the
 * colour (the judged attributes); size, position and background are named by some phrasings only,
 * and always truly.
 */
public final class CaptionedShapes implements CaptionedDataset {

    public static final String ID = "shapes";
    public static final int CAPTIONS_PER_IMAGE = 10;
    /** In TEST, captions 0 .. HELD_OUT_CAPTIONS-1 of every image use phrasings absent from TRAIN. */
    public static final int HELD_OUT_CAPTIONS = 4;

    static final List<String> SHAPES = List.of("circle", "square", "triangle", "star", "cross", "heart");
    static final List<String> COLORS = List.of("red", "green", "blue", "yellow", "purple", "orange", "white");
    static final List<String> SIZES = List.of("small", "large");
    static final List<String> POSITIONS = List.of("upper left", "upper right", "lower left", "lower right", "center");
    static final List<String> BACKGROUNDS = List.of("black", "dark gray", "light gray", "beige");

    private static final int[][] COLOR_RGB = {
        {215, 35, 35}, {40, 170, 60}, {40, 80, 230}, {245, 215, 30}, {150, 60, 200}, {245, 135, 25}, {250, 250, 250}};
    private static final int[][] BACKGROUND_RGB = {{10, 10, 10}, {70, 70, 70}, {195, 195, 195}, {235, 225, 200}};
    /** Minimum RGB distance between a shape colour and its background, so the shape always stands out. */
    static final double MIN_CONTRAST = 140;
    private static final double[][] POSITION_CENTER = {{0.27, 0.27}, {0.73, 0.27}, {0.27, 0.73}, {0.73, 0.73}, {0.5, 0.5}};
    /** Half-extent of the shape as a fraction of the image side, per size. */
    private static final double[] SIZE_RADIUS = {0.12, 0.22};

    private static final List<String> SHARED_TEMPLATES = List.of(
        "a {size} {color} {shape} in the {position} on a {background} background",
        "there is a {color} {shape}, {size}, at the {position}",
        "a {color} {shape} on {background}",
        "{size} {color} {shape} at the {position} of the image",
        "the picture shows a {color} {shape} against a {background} background",
        "a {background} background with a {size} {color} {shape} in the {position}",
        "this image has a {color} {shape} in the {position}",
        "a {shape} colored {color}, {size}, placed in the {position}",
        "one {size} {shape} in {color} on a {background} background",
        "a {color} {shape}",
        "the {shape} is {color} and {size}, located at the {position}",
        "an image of a {size} {color} {shape} on a plain {background} background");
    private static final List<String> HELD_OUT_TEMPLATES = List.of(
        "in the {position} there is a {size} {shape} that is {color}",
        "{color} is the color of the {shape} sitting at the {position}",
        "on a {background} background, a {shape} in {color} appears in the {position}",
        "we see a {size} {color} {shape}, with {background} all around it");

    /** What one sample is made of: the named attributes (indices) plus the unnamed variation. */
    private record Scene(int shape, int color, int size, int position, int background,
                         double dx, double dy, double scale, double rotation, int[] rgb, long captionSeed) {
    }

    private final long seed;
    private final Split split;
    private final int count;

    private CaptionedShapes(long seed, Split split, int count) {
        this.seed = seed;
        this.split = split;
        this.count = count;
    }

    public static CaptionedShapes create(long seed, Split split, int count) {
        if (split == null) {
            throw new IllegalArgumentException("split must not be null");
        }
        if (count <= 0) {
            throw new IllegalArgumentException("count must be positive, got " + count);
        }
        return new CaptionedShapes(seed, split, count);
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
        values.put("shape", SHAPES);
        values.put("color", COLORS);
        values.put("size", SIZES);
        values.put("position", POSITIONS);
        values.put("background", BACKGROUNDS);
        return values;
    }

    @Override
    public List<String> judgedAttributes() {
        return List.of("shape", "color");
    }

    @Override
    public Map<String, String> attributes(int index) {
        return attributesOf(scene(index));
    }

    @Override
    public CaptionedSample get(int index, int resolution) {
        if (resolution <= 0) {
            throw new IllegalArgumentException("resolution must be positive, got " + resolution);
        }
        Scene scene = scene(index);
        Map<String, String> attributes = attributesOf(scene);
        List<String> captions = CaptionTemplates.pick(SHARED_TEMPLATES, HELD_OUT_TEMPLATES, split, CAPTIONS_PER_IMAGE,
            attributes, new SplittableRandom(scene.captionSeed()));
        return new CaptionedSample(index, Images.toChw(render(scene, resolution)), resolution, captions, attributes);
    }

    /** The background colours a shape colour may be drawn on (RGB distance at least {@link #MIN_CONTRAST}). */
    static List<Integer> backgroundsFor(int color) {
        List<Integer> allowed = new ArrayList<>();
        for (int b = 0; b < BACKGROUND_RGB.length; b++) {
            if (distance(COLOR_RGB[color], BACKGROUND_RGB[b]) >= MIN_CONTRAST) {
                allowed.add(b);
            }
        }
        return allowed;
    }

    static int[] colorRgb(String color) {
        return COLOR_RGB[COLORS.indexOf(color)].clone();
    }

    static int[] backgroundRgb(String background) {
        return BACKGROUND_RGB[BACKGROUNDS.indexOf(background)].clone();
    }

    /** Centre of the named position in unit coordinates (x, y), before the per-sample jitter. */
    static double[] positionCenter(String position) {
        return POSITION_CENTER[POSITIONS.indexOf(position)].clone();
    }

    private static double distance(int[] a, int[] b) {
        double dr = a[0] - b[0];
        double dg = a[1] - b[1];
        double db = a[2] - b[2];
        return Math.sqrt(dr * dr + dg * dg + db * db);
    }

    private Scene scene(int index) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("index " + index + " outside 0.." + (count - 1));
        }
        SplittableRandom rng = Seeds.forSample(seed, ID, split, index);
        int shape = rng.nextInt(SHAPES.size());
        int color = rng.nextInt(COLORS.size());
        int size = rng.nextInt(SIZES.size());
        int position = rng.nextInt(POSITIONS.size());
        List<Integer> backgrounds = backgroundsFor(color);
        int background = backgrounds.get(rng.nextInt(backgrounds.size()));
        double dx = rng.nextDouble(-0.025, 0.025);
        double dy = rng.nextDouble(-0.025, 0.025);
        double scale = rng.nextDouble(0.9, 1.1);
        double rotation = Math.toRadians(rng.nextDouble(-12, 12));
        // a little tint variation so a colour is a region of RGB space, not one point
        int[] rgb = new int[3];
        for (int c = 0; c < 3; c++) {
            rgb[c] = Math.max(0, Math.min(255, COLOR_RGB[color][c] + rng.nextInt(-10, 11)));
        }
        return new Scene(shape, color, size, position, background, dx, dy, scale, rotation, rgb, rng.nextLong());
    }

    private static Map<String, String> attributesOf(Scene s) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("shape", SHAPES.get(s.shape()));
        a.put("color", COLORS.get(s.color()));
        a.put("size", SIZES.get(s.size()));
        a.put("position", POSITIONS.get(s.position()));
        a.put("background", BACKGROUNDS.get(s.background()));
        return a;
    }

    private static BufferedImage render(Scene s, int resolution) {
        BufferedImage image = Images.newRgb(resolution, resolution);
        Graphics2D g = Images.antialiased(image);
        int[] bg = BACKGROUND_RGB[s.background()];
        g.setColor(new Color(bg[0], bg[1], bg[2]));
        g.fillRect(0, 0, resolution, resolution);
        double[] center = POSITION_CENTER[s.position()];
        AffineTransform placement = new AffineTransform();
        placement.scale(resolution, resolution);
        placement.translate(center[0] + s.dx(), center[1] + s.dy());
        placement.rotate(s.rotation());
        double radius = SIZE_RADIUS[s.size()] * s.scale();
        placement.scale(radius, radius);
        g.setColor(new Color(s.rgb()[0], s.rgb()[1], s.rgb()[2]));
        g.fill(placement.createTransformedShape(outline(SHAPES.get(s.shape()))));
        g.dispose();
        return image;
    }

    /** The shape inside the unit circle around the origin (y grows downwards, as on screen). */
    private static Shape outline(String shape) {
        switch (shape) {
            case "circle":
                return new Ellipse2D.Double(-1, -1, 2, 2);
            case "square":
                return new Rectangle2D.Double(-0.8, -0.8, 1.6, 1.6);
            case "triangle":
                return polygon(3, 1.0, 1.0, -Math.PI / 2, 0.15);
            case "star":
                return polygon(5, 1.0, 0.42, -Math.PI / 2, 0.05);
            case "cross": {
                double a = 0.3;
                double b = 0.9;
                double[] xs = {-a, a, a, b, b, a, a, -a, -a, -b, -b, -a};
                double[] ys = {-b, -b, -a, -a, a, a, b, b, a, a, -a, -a};
                Path2D.Double p = new Path2D.Double();
                p.moveTo(xs[0], ys[0]);
                for (int i = 1; i < xs.length; i++) {
                    p.lineTo(xs[i], ys[i]);
                }
                p.closePath();
                return p;
            }
            case "heart": {
                Path2D.Double p = new Path2D.Double();
                p.moveTo(0, 0.9);
                p.curveTo(-0.55, 0.45, -1.05, 0.05, -0.95, -0.4);
                p.curveTo(-0.85, -0.95, -0.15, -1.0, 0, -0.45);
                p.curveTo(0.15, -1.0, 0.85, -0.95, 0.95, -0.4);
                p.curveTo(1.05, 0.05, 0.55, 0.45, 0, 0.9);
                p.closePath();
                return p;
            }
            default:
                throw new IllegalStateException("no outline for " + shape);
        }
    }

    /**
     * A star polygon (or a regular polygon when inner equals outer), shifted down by {@code drop} so
     * that its visual centre, not its circumcentre, sits on the position.
     */
    private static Shape polygon(int points, double outer, double inner, double start, double drop) {
        boolean star = inner != outer;
        int vertices = star ? 2 * points : points;
        Path2D.Double p = new Path2D.Double();
        for (int i = 0; i < vertices; i++) {
            double r = star && i % 2 == 1 ? inner : outer;
            double angle = start + 2 * Math.PI * i / vertices;
            double x = r * Math.cos(angle);
            double y = r * Math.sin(angle) + drop;
            if (i == 0) {
                p.moveTo(x, y);
            } else {
                p.lineTo(x, y);
            }
        }
        p.closePath();
        return p;
    }
}
