package dev.telltale.experiments.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonObject;
import dev.telltale.experiments.data.Vocabulary;
import dev.telltale.experiments.text.ImageEncoder;
import dev.telltale.experiments.text.TextEncoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A frozen, pre-trained text encoder with its vocabulary: the role Reed et al.'s char-CNN-RNN plays
 * for StackGAN. Turns captions into fixed embeddings; never trained further by the GAN.
 */
public final class TextEncoderModel implements AutoCloseable {

    public static final String KIND = "text-encoder";

    private final NDManager manager;
    private final Vocabulary vocabulary;
    private final TextEncoder encoder;
    private final int embeddingDim;
    private final int maxLength;
    private final Path source;
    private final float conditionScale;

    TextEncoderModel(NDManager manager, Vocabulary vocabulary, TextEncoder encoder, int embeddingDim, int maxLength, Path source) {
        this.manager = manager;
        this.vocabulary = vocabulary;
        this.encoder = encoder;
        this.embeddingDim = embeddingDim;
        this.maxLength = maxLength;
        this.source = source;
        this.conditionScale = (float) Math.sqrt(embeddingDim);
    }

    /** Loads a text-encoder checkpoint written by {@link TextEncoderTraining}. */
    public static TextEncoderModel load(Path checkpoint, NDManager parent) throws IOException {
        Checkpoint cp = Checkpoint.read(checkpoint);
        if (!KIND.equals(cp.kind())) {
            throw new IOException(checkpoint + " is a '" + cp.kind() + "' checkpoint, not a text encoder");
        }
        JsonObject m = cp.meta();
        Path vocabFile = Files.createTempFile("telltale-vocab", ".json");
        try {
            Files.writeString(vocabFile, m.get("vocabulary").getAsString(), StandardCharsets.UTF_8);
            Vocabulary vocab = Vocabulary.load(vocabFile);
            int embeddingDim = m.get("embeddingDim").getAsInt();
            int maxLength = m.get("maxLength").getAsInt();
            NDManager manager = parent.newSubManager();
            TextEncoder encoder = TextEncoderTraining.textEncoder(vocab.size(), new ParamMap(cp.params()));
            encoder.initialize(manager, DataType.FLOAT32, new Shape(1, maxLength));
            cp.loadForInference("text", encoder, manager);
            return new TextEncoderModel(manager, vocab, encoder, embeddingDim, maxLength, checkpoint);
        } finally {
            Files.deleteIfExists(vocabFile);
        }
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    public int embeddingDim() {
        return embeddingDim;
    }

    public int maxLength() {
        return maxLength;
    }

    public Path source() {
        return source;
    }

    /**
     * The image encoder trained beside this text encoder, frozen, on {@code manager}'s device, for
     * {@link SentenceMatching} at the encoder's own temperature.
     */
    SentenceMatching sentenceMatching(NDManager manager) throws IOException {
        Checkpoint cp = Checkpoint.read(source);
        if (!cp.has("image")) {
            throw new IOException(source + " holds no image encoder, so it cannot judge generated images");
        }
        ParamMap p = new ParamMap(cp.params());
        int size = p.getInt("imageSize");
        ImageEncoder image = TextEncoderTraining.imageEncoder(p);
        image.initialize(manager, DataType.FLOAT32, new Shape(1, 3, size, size));
        cp.loadForInference("image", image, manager);
        return new SentenceMatching(image, size, p.getFloat("temperature"));
    }

    /**
     * Embeddings of the captions, in order, computed in batches without autograd, scaled by √E. The
     * encoder's output is unit-norm (components ~1/√E); Conditioning Augmentation adds noise of unit
     * variance per component, which drowned so small a signal: on shapes, 1,000 Stage-I steps gave
     * FID ~1,160 and IS 2.3 unscaled, FID ~310 and IS 5.5 scaled. Scaled, each component is of unit
     * scale, like the noise it is mixed with.
     */
    public float[][] embed(List<String> captions) {
        float[][] out = new float[captions.size()][];
        int batch = 256;
        for (int from = 0; from < captions.size(); from += batch) {
            int n = Math.min(batch, captions.size() - from);
            try (NDManager step = manager.newSubManager()) {
                NDArray tokens = tokens(step, captions.subList(from, from + n));
                NDArray emb = encoder.forward(new ParameterStore(step, false), new NDList(tokens), false).singletonOrThrow();
                float[] flat = emb.toFloatArray();
                for (int i = 0; i < n; i++) {
                    out[from + i] = java.util.Arrays.copyOfRange(flat, i * embeddingDim, (i + 1) * embeddingDim);
                    for (int j = 0; j < embeddingDim; j++) {
                        out[from + i][j] *= conditionScale;
                    }
                }
            }
        }
        return out;
    }

    NDArray tokens(NDManager m, List<String> captions) {
        int[] ids = new int[captions.size() * maxLength];
        for (int i = 0; i < captions.size(); i++) {
            System.arraycopy(vocabulary.encode(captions.get(i), maxLength), 0, ids, i * maxLength, maxLength);
        }
        return m.create(ids, new Shape(captions.size(), maxLength));
    }

    @Override
    public void close() {
        manager.close();
    }
}
