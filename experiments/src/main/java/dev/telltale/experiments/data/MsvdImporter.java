package dev.telltale.experiments.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Opens an MSVD-style captioned video set (Chen and Dolan 2011, the real-video set of TGANs-C):
 *
 * <pre>
 * root/captions.csv            clip_id,caption   (UTF-8, with or without a byte-order mark; a
 *                              header line "clip_id,caption" is optional; a caption with commas
 *                              is quoted "..."; several rows per clip)
 * root/clips/&lt;clip_id&gt;/*.png|jpg  the clip's frames, in natural file-name order (2.png before 10.png)
 * </pre>
 *
 * Decoding MP4 needs a native decoder, so clips come as frame folders (e.g. from
 * {@code ffmpeg -i clip.avi clips/ID/%04d.png}). A clip's frames are sampled evenly to the asked
 * count, centre-cropped to a square and area-downscaled. MSVD publishes no split that travels with
 * such a folder, so one clip in ten goes to TEST, chosen by a hash of its id (stable across runs and
 * seeds). Clips in the folder without captions are ignored; captions of a clip without frames are an
 * error naming the missing folder.
 */
public final class MsvdImporter implements VideoDataset {

    public static final String ID = "msvd";
    public static final String CAPTIONS_FILE = "captions.csv";
    public static final String CLIPS_FOLDER = "clips";
    private static final long SPLIT_SEED = 0x5eed_15d_0L;

    private record Clip(String id, List<Path> frames, List<String> captions) {}

    private final Split split;
    private final List<Clip> clips;

    private MsvdImporter(Split split, List<Clip> clips) {
        this.split = split;
        this.clips = clips;
    }

    /** Reads the layout under {@code root}; every problem names the file or folder it is about. */
    public static MsvdImporter open(Path root, Split split) {
        if (root == null || !Files.isDirectory(root)) {
            throw new IllegalArgumentException("dataPath: no folder " + root);
        }
        Path csv = root.resolve(CAPTIONS_FILE);
        if (!Files.isRegularFile(csv)) {
            throw new IllegalArgumentException("dataPath: " + csv + " is missing (lines of clip_id,caption)");
        }
        Path clipsDir = root.resolve(CLIPS_FOLDER);
        if (!Files.isDirectory(clipsDir)) {
            throw new IllegalArgumentException("dataPath: " + clipsDir + " is missing (one folder of frames per clip)");
        }
        Map<String, List<String>> captions = readCaptions(csv);
        if (captions.isEmpty()) {
            throw new IllegalArgumentException("dataPath: " + csv + " holds no captions");
        }
        List<Clip> mine = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : captions.entrySet()) {
            String id = e.getKey();
            Path folder = clipsDir.resolve(id);
            if (!folder.normalize().startsWith(clipsDir.normalize()) || !Files.isDirectory(folder)) {
                throw new IllegalArgumentException("dataPath: clip '" + id + "' of " + csv + " has no frame folder " + folder);
            }
            if (splitOf(id) != split) {
                continue;
            }
            List<Path> frames = frames(folder);
            if (frames.isEmpty()) {
                throw new IllegalArgumentException("dataPath: " + folder + " holds no .png or .jpg frames");
            }
            mine.add(new Clip(id, frames, List.copyOf(e.getValue())));
        }
        if (mine.isEmpty()) {
            throw new IllegalArgumentException("dataPath: " + root + " has no " + split + " clips (" + captions.size()
                    + " clips in all; one in ten goes to TEST)");
        }
        return new MsvdImporter(split, mine);
    }

    /** TEST for one clip id in ten, by a hash that does not depend on the run. */
    static Split splitOf(String clipId) {
        return Math.floorMod(Seeds.mix(SPLIT_SEED ^ clipId.hashCode()), 10L) == 0 ? Split.TEST : Split.TRAIN;
    }

    static Map<String, List<String>> readCaptions(Path csv) {
        List<String> lines = TextFiles.linesStrict(csv, "dataPath");
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || (n == 0 && line.toLowerCase(Locale.ROOT).replace(" ", "").equals("clip_id,caption"))) {
                continue;
            }
            int comma = line.indexOf(',');
            if (comma <= 0) {
                throw new IllegalArgumentException("dataPath: " + csv + " line " + (n + 1) + " is not clip_id,caption: '" + line + "'");
            }
            String id = line.substring(0, comma).strip();
            String caption = line.substring(comma + 1).strip();
            if (caption.length() >= 2 && caption.startsWith("\"") && caption.endsWith("\"")) {
                caption = caption.substring(1, caption.length() - 1).replace("\"\"", "\"");
            }
            if (caption.isBlank()) {
                throw new IllegalArgumentException("dataPath: " + csv + " line " + (n + 1) + " has an empty caption");
            }
            out.computeIfAbsent(id, k -> new ArrayList<>()).add(caption);
        }
        return out;
    }

    private static List<Path> frames(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> {
                String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
                return name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg");
            }).sorted(Comparator.comparing(f -> f.getFileName().toString(), TextFiles.NATURAL_ORDER)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
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
    public int size() {
        return clips.size();
    }

    /** The id of clip {@code index} (its folder name). */
    public String clipId(int index) {
        return clip(index).id();
    }

    @Override
    public List<String> captions(int index) {
        return clip(index).captions();
    }

    @Override
    public Map<String, String> attributes(int index) {
        return Map.of("clip", clip(index).id());
    }

    @Override
    public String content(int index) {
        return clip(index).id();
    }

    @Override
    public VideoSample get(int index, int frames, int size) {
        if (frames < 1 || size < 1) {
            throw new IllegalArgumentException("frames and size must be positive, got " + frames + " and " + size);
        }
        Clip clip = clip(index);
        List<float[]> out = new ArrayList<>(frames);
        int n = clip.frames().size();
        for (int t = 0; t < frames; t++) {
            Path file = clip.frames().get((int) ((long) t * n / frames));
            out.add(Images.toChw(Images.resize(square(read(file)), size, size)));
        }
        return new VideoSample(index, out, size, clip.captions(), attributes(index), null);
    }

    private Clip clip(int index) {
        if (index < 0 || index >= clips.size()) {
            throw new IndexOutOfBoundsException("index " + index + " outside 0.." + (clips.size() - 1));
        }
        return clips.get(index);
    }

    private static BufferedImage read(Path file) {
        try {
            BufferedImage image = ImageIO.read(file.toFile());
            if (image == null) {
                throw new IllegalArgumentException("dataPath: " + file + " is not an image ImageIO can read");
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read frame " + file, e);
        }
    }

    private static BufferedImage square(BufferedImage image) {
        int side = Math.min(image.getWidth(), image.getHeight());
        return image.getSubimage((image.getWidth() - side) / 2, (image.getHeight() - side) / 2, side, side);
    }
}
