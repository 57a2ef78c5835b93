package dev.telltale.experiments.eval;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A trained {@link DomainClassifier} used as a judge: reads the judged attributes of (generated) images
 * and gives penultimate features for a Fréchet distance. Saved as two files in one directory (the
 * cacheable artifact): {@value #PARAMETERS_FILE} (DJL block parameters) and {@value #METADATA_FILE}
 * (heads with their class names, resolution, width and the held-out accuracy it reached).
 *
 * <p>Images of another size than the classifier's resolution are resized first (area when shrinking,
 * bilinear when enlarging). Work runs in batches, each in its own NDManager that is closed at once.
 */
public final class DomainClassifierJudge implements AutoCloseable {

    public static final String PARAMETERS_FILE = "domain-classifier.params";
    public static final String METADATA_FILE = "domain-classifier.json";
    private static final int BATCH = 64;

    /** What a judge was trained for and how well it did on held-out real images. */
    record Metadata(String datasetId, LinkedHashMap<String, List<String>> classes, int resolution, int width,
            Map<String, Double> headAccuracy, double allHeadsAccuracy, double bar, int steps) {

        boolean counts() {
            return allHeadsAccuracy >= bar;
        }

        LinkedHashMap<String, Integer> classesPerHead() {
            LinkedHashMap<String, Integer> out = new LinkedHashMap<>();
            classes.forEach((head, names) -> out.put(head, names.size()));
            return out;
        }

        String toJson() {
            JsonObject json = new JsonObject();
            json.addProperty("dataset", datasetId);
            JsonObject heads = new JsonObject();
            classes.forEach((head, names) -> {
                JsonArray array = new JsonArray();
                names.forEach(array::add);
                heads.add(head, array);
            });
            json.add("heads", heads);
            json.addProperty("resolution", resolution);
            json.addProperty("width", width);
            JsonObject accuracy = new JsonObject();
            headAccuracy.forEach(accuracy::addProperty);
            json.add("accuracy", accuracy);
            json.addProperty("allHeadsAccuracy", allHeadsAccuracy);
            json.addProperty("bar", bar);
            json.addProperty("counts", counts());
            json.addProperty("steps", steps);
            return json.toString();
        }

        static Metadata fromJson(String text, Path file) {
            try {
                JsonObject json = JsonParser.parseString(text).getAsJsonObject();
                LinkedHashMap<String, List<String>> classes = new LinkedHashMap<>();
                for (Map.Entry<String, JsonElement> head : json.getAsJsonObject("heads").entrySet()) {
                    List<String> names = new ArrayList<>();
                    head.getValue().getAsJsonArray().forEach(e -> names.add(e.getAsString()));
                    classes.put(head.getKey(), List.copyOf(names));
                }
                Map<String, Double> accuracy = new LinkedHashMap<>();
                for (Map.Entry<String, JsonElement> head : json.getAsJsonObject("accuracy").entrySet()) {
                    accuracy.put(head.getKey(), head.getValue().getAsDouble());
                }
                return new Metadata(json.get("dataset").getAsString(), classes, json.get("resolution").getAsInt(),
                        json.get("width").getAsInt(), accuracy, json.get("allHeadsAccuracy").getAsDouble(),
                        json.get("bar").getAsDouble(), json.get("steps").getAsInt());
            } catch (JsonParseException | IllegalStateException | NullPointerException | UnsupportedOperationException e) {
                throw new IllegalArgumentException("classifier metadata " + file + " is malformed: " + e.getMessage(), e);
            }
        }
    }

    private final DomainClassifier block;
    private final Metadata metadata;
    private final NDManager manager;
    private final boolean ownsManager;

    DomainClassifierJudge(DomainClassifier block, Metadata metadata, NDManager manager, boolean ownsManager) {
        this.block = block;
        this.metadata = metadata;
        this.manager = manager;
        this.ownsManager = ownsManager;
    }

    /** Loads a judge saved by {@link DomainClassifierTrainer} from {@code directory}. */
    public static DomainClassifierJudge load(Path directory) {
        Path json = directory.resolve(METADATA_FILE);
        Path params = directory.resolve(PARAMETERS_FILE);
        if (!Files.isRegularFile(json) || !Files.isRegularFile(params)) {
            throw new IllegalArgumentException("directory " + directory + " must hold " + METADATA_FILE + " and " + PARAMETERS_FILE);
        }
        Metadata metadata;
        try {
            metadata = Metadata.fromJson(Files.readString(json, StandardCharsets.UTF_8), json);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + json, e);
        }
        DomainClassifier block = DomainClassifier.builder()
                .setHeads(metadata.classesPerHead())
                .setImageSize(metadata.resolution())
                .optWidth(metadata.width())
                .build();
        NDManager manager = NDManager.newBaseManager("PyTorch");
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(params)))) {
            block.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 3, metadata.resolution(), metadata.resolution()));
            block.loadParameters(manager, in);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            manager.close();
            throw new IllegalArgumentException("cannot load classifier parameters " + params + ": " + e.getMessage(), e);
        }
        return new DomainClassifierJudge(block, metadata, manager, true);
    }

    void save(Path directory) throws IOException {
        Files.createDirectories(directory);
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                Files.newOutputStream(directory.resolve(PARAMETERS_FILE))))) {
            block.saveParameters(out);
        }
        Files.writeString(directory.resolve(METADATA_FILE), metadata.toJson(), StandardCharsets.UTF_8);
    }

    /** The judged attributes, in head order. */
    public List<String> heads() {
        return List.copyOf(metadata.classes().keySet());
    }

    /** Class names of {@code head}, in the order of its probabilities. */
    public List<String> classes(String head) {
        return classNames(head);
    }

    public int resolution() {
        return metadata.resolution();
    }

    public int featureSize() {
        return block.featureSize();
    }

    /** Held-out accuracy per head on real images, as measured when it was trained. */
    public Map<String, Double> heldOutAccuracy() {
        return Collections.unmodifiableMap(metadata.headAccuracy());
    }

    /** Held-out share of real images with every head right. */
    public double heldOutAllHeadsAccuracy() {
        return metadata.allHeadsAccuracy();
    }

    /** Whether it reached the bar on real images (every head right on ≥ bar of held-out images). */
    public boolean counts() {
        return metadata.counts();
    }

    /** Softmax probabilities of {@code head} per image. */
    public float[][] probabilities(String head, List<float[]> imagesCHW, int size) {
        int index = headIndex(head);
        float[][] out = new float[imagesCHW.size()][];
        forEachBatch(imagesCHW, size, (from, outputs) -> {
            NDArray p = outputs.get(index).softmax(1);
            int classes = (int) p.getShape().get(1);
            float[] flat = p.toFloatArray();
            for (int i = 0; i < p.getShape().get(0); i++) {
                out[from + i] = new float[classes];
                System.arraycopy(flat, i * classes, out[from + i], 0, classes);
            }
        });
        return out;
    }

    /** The most probable class index of every head per image. */
    public Map<String, int[]> predict(List<float[]> imagesCHW, int size) {
        List<String> heads = heads();
        Map<String, int[]> out = new LinkedHashMap<>();
        for (String head : heads) {
            out.put(head, new int[imagesCHW.size()]);
        }
        forEachBatch(imagesCHW, size, (from, outputs) -> {
            for (int h = 0; h < heads.size(); h++) {
                long[] argmax = outputs.get(h).argMax(1).toLongArray();
                int[] target = out.get(heads.get(h));
                for (int i = 0; i < argmax.length; i++) {
                    target[from + i] = (int) argmax[i];
                }
            }
        });
        return out;
    }

    /** The judged attributes as class names per image, the form {@link CaptionAccuracy} compares. */
    public List<Map<String, String>> predictAttributes(List<float[]> imagesCHW, int size) {
        Map<String, int[]> predicted = predict(imagesCHW, size);
        List<Map<String, String>> out = new ArrayList<>(imagesCHW.size());
        for (int i = 0; i < imagesCHW.size(); i++) {
            Map<String, String> attributes = new HashMap<>();
            for (Map.Entry<String, int[]> head : predicted.entrySet()) {
                attributes.put(head.getKey(), classNames(head.getKey()).get(head.getValue()[i]));
            }
            out.add(Map.copyOf(attributes));
        }
        return out;
    }

    /** Penultimate features per image (for a Fréchet distance). */
    public double[][] features(List<float[]> imagesCHW, int size) {
        double[][] out = new double[imagesCHW.size()][];
        int featureIndex = metadata.classes().size();
        forEachBatch(imagesCHW, size, (from, outputs) -> {
            NDArray f = outputs.get(featureIndex);
            int width = (int) f.getShape().get(1);
            float[] flat = f.toFloatArray();
            for (int i = 0; i < f.getShape().get(0); i++) {
                double[] row = new double[width];
                for (int j = 0; j < width; j++) {
                    row[j] = flat[i * width + j];
                }
                out[from + i] = row;
            }
        });
        return out;
    }

    private void forEachBatch(List<float[]> imagesCHW, int size, BiConsumer<Integer, NDList> sink) {
        if (imagesCHW.isEmpty()) {
            throw new IllegalArgumentException("imagesCHW must hold at least one image");
        }
        for (int from = 0; from < imagesCHW.size(); from += BATCH) {
            int to = Math.min(imagesCHW.size(), from + BATCH);
            try (NDManager step = manager.newSubManager()) {
                NDArray input = ImageScoreInputs.resize(ImageScoreInputs.batch(step, imagesCHW, size, from, to), resolution());
                sink.accept(from, block.forward(new ParameterStore(step, false), new NDList(input), false));
            }
        }
    }

    private int headIndex(String head) {
        int index = heads().indexOf(head);
        if (index < 0) {
            throw new IllegalArgumentException("head '" + head + "' is not one of " + heads());
        }
        return index;
    }

    private List<String> classNames(String head) {
        List<String> names = metadata.classes().get(head);
        if (names == null) {
            throw new IllegalArgumentException("head '" + head + "' is not one of " + heads());
        }
        return names;
    }

    @Override
    public void close() {
        if (ownsManager) {
            manager.close();
        }
    }
}
