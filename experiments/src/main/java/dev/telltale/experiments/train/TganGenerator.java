package dev.telltale.experiments.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.telltale.experiments.data.Vocabulary;
import dev.telltale.experiments.tganc.Discriminators;
import dev.telltale.experiments.tganc.VideoGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * A trained TGANs-C loaded from a checkpoint for generation: the sentence encoder (it trains with
 * the discriminators, so it is read out of their entry) and G. Same captions and seed, same clips.
 */
public final class TganGenerator implements AutoCloseable {

    private final NDManager manager;
    private final Checkpoint checkpoint;
    private final Vocabulary vocabulary;
    private final Discriminators discriminators;
    private final VideoGenerator generator;
    private final int maxWords;
    private final int zDim;

    private TganGenerator(NDManager manager, Checkpoint checkpoint, Vocabulary vocabulary, Discriminators discriminators,
            VideoGenerator generator, int maxWords, int zDim) {
        this.manager = manager;
        this.checkpoint = checkpoint;
        this.vocabulary = vocabulary;
        this.discriminators = discriminators;
        this.generator = generator;
        this.maxWords = maxWords;
        this.zDim = zDim;
    }

    public static TganGenerator load(Path file, NDManager parent) throws IOException {
        Checkpoint cp = Checkpoint.read(file);
        if (!TganTraining.COHERENCE.equals(cp.kind()) && !TganTraining.ADVERSARIAL.equals(cp.kind())) {
            throw new IOException(file.getFileName() + " is a '" + cp.kind() + "' checkpoint, not a TGANs-C one");
        }
        if (!cp.meta().has("vocabulary") || !cp.meta().has("maxWords")) {
            throw new IOException(file.getFileName() + " does not carry the words its sentence encoder was trained with");
        }
        NDManager m = parent.newSubManager();
        try {
            ParamMap p = new ParamMap(cp.params());
            Vocabulary vocabulary = TganTraining.vocabularyOf(cp);
            int maxWords = cp.meta().get("maxWords").getAsInt();
            int frames = p.getInt("frames");
            int size = p.getInt("frameSize");
            Discriminators d = TganTraining.discriminators(cp.kind(), p, vocabulary.size());
            d.initialize(m, DataType.FLOAT32, new Shape(1, 3, frames, size, size), new Shape(1, maxWords));
            cp.loadForInference("discriminators", d, m);
            VideoGenerator g = TganTraining.generator(p);
            g.initialize(m, DataType.FLOAT32, new Shape(1, p.getInt("zDim")), new Shape(1, p.getInt("sentenceDim")));
            cp.loadForInference(StackGanModels.samplingGenerator(cp), g, m);
            return new TganGenerator(m, cp, vocabulary, d, g, maxWords, p.getInt("zDim"));
        } catch (IOException | RuntimeException e) {
            m.close();
            throw e;
        }
    }

    public Checkpoint checkpoint() {
        return checkpoint;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    public int frames() {
        return generator.getFrames();
    }

    public int frameSize() {
        return generator.getFrameSize();
    }

    /** One clip (frames channels-first in [-1, 1]) per caption, noise drawn from {@code seed} row by row. */
    public List<List<float[]>> generate(List<String> captions, long seed) {
        if (captions.isEmpty()) {
            throw new IllegalArgumentException("no captions to generate from");
        }
        Random r = Generators.noiseStream(seed);
        float[] noise = new float[captions.size() * zDim];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) r.nextGaussian();
        }
        try (NDManager sm = manager.newSubManager()) {
            ParameterStore ps = new ParameterStore(sm, false);
            // training pads to its longest caption; an LSTM reads any length, so a longer caption is
            // read whole rather than cut at a length the person typing it cannot see
            int length = maxWords;
            for (String caption : captions) {
                length = Math.max(length, Vocabulary.tokenize(caption).size());
            }
            NDArray text = TganTraining.tokens(sm, vocabulary, length, captions);
            NDArray sentence = discriminators.encoder().forward(ps, new NDList(text), false).head();
            NDArray z = sm.create(noise, new Shape(captions.size(), zDim));
            return TganTraining.clipsOf(generator.forward(ps, new NDList(z, sentence), false).head());
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
