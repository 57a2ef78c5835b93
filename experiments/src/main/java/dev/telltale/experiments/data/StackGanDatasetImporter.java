package dev.telltale.experiments.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Opens CUB-200-2011 or Oxford-102 as laid out for StackGAN by Reed et al.'s caption release:
 *
 * <pre>
 * root/images/&lt;class&gt;/&lt;name&gt;.jpg|png      the photos
 * root/text_c10/&lt;class&gt;/&lt;name&gt;.txt       ten captions, one per line
 * root/trainclasses.txt, testclasses.txt   class folder names, one per line
 * root/trainvalclasses.txt                 optional: when present it is the TRAIN list, as
 *                                          StackGAN trains on train+val (150 birds, 82 flowers)
 * root/images.txt, bounding_boxes.txt      optional (CUB_200_2011): crop each bird to its box
 *                                          enlarged to 1.5 × its longer side, as StackGAN does
 * </pre>
 *
 * Images come one class after another in turn, so the first N of a split cover its classes evenly.
 * Images are preprocessed as in StackGAN's code: resized to 76/64 of the target side (64 → 76,
 * 256 → 304), randomly cropped to the target and randomly flipped left-right. {@link #get(int, int)}
 * draws that crop and flip from (seed, index), so it is deterministic; training keeps each photo at
 * the load size ({@link #loadSized}) and draws a fresh crop and flip every time it takes it.
 */
public final class StackGanDatasetImporter implements CaptionedDataset {

    public static final List<String> IDS = List.of("cub", "oxford102");
    /** StackGAN's load size over crop size. */
    static final int LOAD_NUMERATOR = 76;
    static final int LOAD_DENOMINATOR = 64;

    private record Entry(String className, Path image, Path captions, int[] box) {
    }

    private final String id;
    private final Split split;
    private final long seed;
    private final List<Entry> entries;
    private final List<String> allClasses;

    private StackGanDatasetImporter(String id, Split split, long seed, List<Entry> entries, List<String> allClasses) {
        this.id = id;
        this.split = split;
        this.seed = seed;
        this.entries = entries;
        this.allClasses = allClasses;
    }

    /**
     * @throws IllegalArgumentException naming the missing file or folder when root is not in the layout
     */
    public static CaptionedDataset open(Path root, String id, Split split, long seed) {
        return openImporter(root, id, split, seed);
    }

    /** As {@link #open} with the concrete type, for the augmentation overload and image paths. */
    public static StackGanDatasetImporter openImporter(Path root, String id, Split split, long seed) {
        if (root == null) {
            throw new IllegalArgumentException("root must not be null");
        }
        if (!IDS.contains(id)) {
            throw new IllegalArgumentException("id must be one of " + IDS + ", got " + id);
        }
        if (split == null) {
            throw new IllegalArgumentException("split must not be null");
        }
        requireDirectory(root, "dataset root");
        Path images = requireDirectory(root.resolve("images"), "image folder");
        Path texts = requireDirectory(root.resolve("text_c10"), "caption folder");
        Path trainval = root.resolve("trainvalclasses.txt");
        List<String> trainClasses = readClassList(Files.isRegularFile(trainval) ? trainval : root.resolve("trainclasses.txt"));
        List<String> testClasses = readClassList(root.resolve("testclasses.txt"));
        for (String c : testClasses) {
            if (trainClasses.contains(c)) {
                throw new IllegalArgumentException("class " + c + " is listed for both TRAIN and TEST in " + root);
            }
        }
        Map<String, int[]> boxes = readBoxes(root);
        List<List<Entry>> byClass = new ArrayList<>();
        for (String c : split == Split.TRAIN ? trainClasses : testClasses) {
            List<Entry> entries = new ArrayList<>();
            byClass.add(entries);
            Path classImages = requireDirectory(images.resolve(c), "image folder of class " + c);
            Path classTexts = requireDirectory(texts.resolve(c), "caption folder of class " + c);
            for (Path image : listImages(classImages)) {
                String file = image.getFileName().toString();
                String stem = file.substring(0, file.lastIndexOf('.'));
                Path captions = classTexts.resolve(stem + ".txt");
                if (!Files.isRegularFile(captions)) {
                    throw new IllegalArgumentException("caption file " + captions + " for image " + image + " is missing");
                }
                entries.add(new Entry(c, image, captions, boxes.get(c + "/" + file)));
            }
        }
        List<Entry> entries = interleave(byClass);
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("no images for the " + split + " classes under " + images);
        }
        Set<String> all = new LinkedHashSet<>(trainClasses);
        all.addAll(testClasses);
        return new StackGanDatasetImporter(id, split, seed, List.copyOf(entries), List.copyOf(all));
    }

    /**
     * One image of each class in turn (the first of every class, then the second, ...): evaluations,
     * studies and the judges' real sets read the first N images of TEST, which in class order would
     * be a handful of classes (256 CUB test images: about 5 of its 50).
     */
    private static List<Entry> interleave(List<List<Entry>> byClass) {
        List<Entry> out = new ArrayList<>();
        int longest = byClass.stream().mapToInt(List::size).max().orElse(0);
        for (int k = 0; k < longest; k++) {
            for (List<Entry> entries : byClass) {
                if (k < entries.size()) {
                    out.add(entries.get(k));
                }
            }
        }
        return out;
    }

    private static Path requireDirectory(Path dir, String what) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(what + " " + dir + " is missing (expected the StackGAN layout: "
                + "images/<class>/, text_c10/<class>/, trainclasses.txt, testclasses.txt)");
        }
        return dir;
    }

    private static List<String> readClassList(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("class list " + file + " is missing");
        }
        List<String> classes = new ArrayList<>();
        for (String line : readLines(file)) {
            String c = line.strip();
            if (!c.isEmpty() && !classes.contains(c)) {
                classes.add(c);
            }
        }
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("class list " + file + " names no class");
        }
        return classes;
    }

    /** CUB_200_2011's images.txt ("id class/name.jpg") joined with bounding_boxes.txt ("id x y w h"). */
    private static Map<String, int[]> readBoxes(Path root) {
        Path imagesTxt = root.resolve("images.txt");
        Path boxesTxt = root.resolve("bounding_boxes.txt");
        if (!Files.isRegularFile(imagesTxt) || !Files.isRegularFile(boxesTxt)) {
            return Map.of();
        }
        Map<String, String> pathById = new HashMap<>();
        for (String line : readLines(imagesTxt)) {
            String[] f = line.strip().split("\\s+");
            if (f.length == 2) {
                pathById.put(f[0], f[1]);
            }
        }
        Map<String, int[]> boxes = new HashMap<>();
        for (String line : readLines(boxesTxt)) {
            String[] f = line.strip().split("\\s+");
            if (f.length != 5 || !pathById.containsKey(f[0])) {
                continue;
            }
            try {
                int[] box = new int[4];
                for (int k = 0; k < 4; k++) {
                    box[k] = (int) Double.parseDouble(f[k + 1]);
                }
                boxes.put(pathById.get(f[0]), box);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(boxesTxt + ": bad line \"" + line + "\"", e);
            }
        }
        return boxes;
    }

    private static List<Path> listImages(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png");
            }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static List<String> readLines(Path file) {
        // Reed's caption files hold a few stray non-UTF-8 bytes; decoding replaces them instead of failing
        return TextFiles.linesLenient(file);
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
        return entries.size();
    }

    /** The class attribute ranges over TRAIN and TEST classes together, so both splits share one index. */
    @Override
    public Map<String, List<String>> attributeValues() {
        Map<String, List<String>> values = new LinkedHashMap<>();
        values.put("class", allClasses);
        return values;
    }

    @Override
    public List<String> judgedAttributes() {
        return List.of("class");
    }

    @Override
    public Map<String, String> attributes(int index) {
        return Map.of("class", entry(index).className());
    }

    public Path imagePath(int index) {
        return entry(index).image();
    }

    /** The deterministic view: crop and flip drawn from (seed, index). */
    @Override
    public CaptionedSample get(int index, int resolution) {
        return get(index, resolution, new Random(Seeds.derive(seed, index)));
    }

    /** Training view: crop offset and flip drawn from {@code augmentation}. */
    public CaptionedSample get(int index, int resolution, Random augmentation) {
        if (resolution <= 0) {
            throw new IllegalArgumentException("resolution must be positive, got " + resolution);
        }
        if (augmentation == null) {
            throw new IllegalArgumentException("augmentation must not be null");
        }
        List<String> captions = captions(index);
        float[] image = loadSized(index, resolution).augment(resolution, augmentation);
        return new CaptionedSample(index, image, resolution, captions, Map.of("class", entry(index).className()));
    }

    /** The captions of sample {@code index}, read without decoding its image. */
    @Override
    public List<String> captions(int index) {
        Entry e = entry(index);
        List<String> captions = new ArrayList<>();
        for (String line : readLines(e.captions())) {
            if (!line.isBlank()) {
                captions.add(line.strip());
            }
        }
        if (captions.isEmpty()) {
            throw new IllegalArgumentException("caption file " + e.captions() + " holds no caption");
        }
        return captions;
    }

    /** Sample {@code index}'s photo (cropped to its bird's box where there is one) at the load size of {@code resolution}. */
    public LoadSizedImage loadSized(int index, int resolution) {
        if (resolution <= 0) {
            throw new IllegalArgumentException("resolution must be positive, got " + resolution);
        }
        int load = loadSize(resolution);
        return LoadSizedImage.of(Images.resize(readImage(entry(index)), load, load));
    }

    public static int loadSize(int resolution) {
        return (int) Math.round(resolution * (double) LOAD_NUMERATOR / LOAD_DENOMINATOR);
    }

    /** Square resize to the load size, random crop to the resolution, random left-right flip. */
    static float[] preprocess(BufferedImage image, int resolution, Random augmentation) {
        int load = loadSize(resolution);
        return LoadSizedImage.of(Images.resize(image, load, load)).augment(resolution, augmentation);
    }

    private static BufferedImage readImage(Entry e) {
        BufferedImage image;
        try {
            image = ImageIO.read(e.image().toFile());
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read image " + e.image(), ex);
        }
        if (image == null) {
            throw new IllegalArgumentException("image " + e.image() + " is not a readable JPEG/PNG");
        }
        image = Images.toRgb(image);
        return e.box() == null ? image : cropToBox(image, e.box());
    }

    /** StackGAN's bird crop: a square of side 1.5 × the box's longer side around the box centre, clipped. */
    static BufferedImage cropToBox(BufferedImage image, int[] box) {
        int w = image.getWidth();
        int h = image.getHeight();
        int r = (int) (Math.max(box[2], box[3]) * 0.75);
        int cx = (2 * box[0] + box[2]) / 2;
        int cy = (2 * box[1] + box[3]) / 2;
        int x1 = Math.max(0, cx - r);
        int x2 = Math.min(w, cx + r);
        int y1 = Math.max(0, cy - r);
        int y2 = Math.min(h, cy + r);
        if (x2 <= x1 || y2 <= y1) {
            return image;
        }
        return image.getSubimage(x1, y1, x2 - x1, y2 - y1);
    }

    private Entry entry(int index) {
        if (index < 0 || index >= entries.size()) {
            throw new IndexOutOfBoundsException("index " + index + " outside 0.." + (entries.size() - 1));
        }
        return entries.get(index);
    }
}
