package dev.telltale.experiments.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A trained StackGAN loaded from a checkpoint for generation: a Stage-I checkpoint gives Stage-I
 * images, a Stage-II checkpoint (which carries its frozen Stage-I generator) gives both.
 */
public final class Generators implements AutoCloseable {

    private final NDManager manager;
    private final Checkpoint checkpoint;
    private final ConditionedGenerator stageOne;
    private final ConditionedGenerator stageTwo;
    private final int zDim;
    private final int stageOneSize;

    private Generators(NDManager manager, Checkpoint checkpoint, ConditionedGenerator stageOne, ConditionedGenerator stageTwo,
            int zDim, int stageOneSize) {
        this.manager = manager;
        this.checkpoint = checkpoint;
        this.stageOne = stageOne;
        this.stageTwo = stageTwo;
        this.zDim = zDim;
        this.stageOneSize = stageOneSize;
    }

    public static Generators load(Path file, int embeddingDim, NDManager parent) throws IOException {
        Checkpoint cp = Checkpoint.read(file);
        NDManager m = parent.newSubManager();
        try {
            if (StackGanTraining.STAGE_ONE.equals(cp.kind())) {
                ParamMap p = new ParamMap(cp.params());
                ConditionedGenerator g = StackGanModels.stageOneGenerator(p, embeddingDim);
                g.initialize(m, DataType.FLOAT32, new Shape(1, p.getInt("zDim")), new Shape(1, embeddingDim));
                cp.loadForInference(StackGanModels.samplingGenerator(cp), g, m);
                return new Generators(m, cp, g, null, p.getInt("zDim"), p.getInt("imageSize"));
            }
            if (StackGanTraining.STAGE_TWO.equals(cp.kind())) {
                ParamMap p1 = new ParamMap(jsonParams(cp));
                ConditionedGenerator g1 = StackGanModels.stageOneGenerator(p1, embeddingDim);
                g1.initialize(m, DataType.FLOAT32, new Shape(1, p1.getInt("zDim")), new Shape(1, embeddingDim));
                cp.loadForInference("stage1-generator", g1, m);
                int s1 = p1.getInt("imageSize");
                ConditionedGenerator g2 = StackGanModels.stageTwoGenerator(new ParamMap(cp.params()), embeddingDim, s1);
                g2.initialize(m, DataType.FLOAT32, new Shape(1, 3, s1, s1), new Shape(1, embeddingDim));
                cp.loadForInference(StackGanModels.samplingGenerator(cp), g2, m);
                return new Generators(m, cp, g1, g2, p1.getInt("zDim"), s1);
            }
        } catch (IOException | RuntimeException e) {
            m.close();
            throw e;
        }
        m.close();
        throw new IOException(file + " is a '" + cp.kind() + "' checkpoint, not a StackGAN generator");
    }

    private static java.util.Map<String, Object> jsonParams(Checkpoint cp) {
        java.util.Map<String, Object> out = new java.util.HashMap<>();
        cp.meta().getAsJsonObject("stage1Params").entrySet().forEach(e -> {
            var v = e.getValue();
            if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber()) {
                out.put(e.getKey(), v.getAsNumber());
            } else if (!v.isJsonNull()) {
                out.put(e.getKey(), v.getAsString());
            }
        });
        return out;
    }

    public Checkpoint checkpoint() {
        return checkpoint;
    }

    public boolean hasStageTwo() {
        return stageTwo != null;
    }

    public int stageOneSize() {
        return stageOneSize;
    }

    public int finalSize() {
        return stageTwo == null ? stageOneSize : 4 * stageOneSize;
    }

    /**
     * Images for the embeddings (one per row) with all noise (z, each stage's CA ε) from {@code seed}:
     * [stage-I images, stage-II images or null]; ĉ = μ + σ·ε as in the paper.
     */
    public List<List<float[]>> generate(float[][] embeddings, long seed) {
        return generate(embeddings, seed, 1);
    }

    /**
     * The random stream a generation seed draws its noise from. java.util.Random keeps a seed's low 48
     * bits only, so seeds beyond them (the API takes up to ±2^53) are mixed first and draw their own
     * noise; seeds in [0, 2^48) keep the stream they always had.
     */
    public static Random noiseStream(long seed) {
        if (seed >= 0 && seed < (1L << 48)) {
            return new Random(seed);
        }
        long z = seed;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return new Random(z ^ (z >>> 31));
    }

    /**
     * As {@link #generate(float[][], long)} with each stage's ε scaled by {@code conditionNoise}: 1 is the
     * paper's sampling, 0 draws from the CA mean μ (see {@link #requireConditionNoise}). z and the ε
     * drawn are the same for every scale, so one seed shows what the scale alone changes.
     */
    public List<List<float[]>> generate(float[][] embeddings, long seed, double conditionNoise) {
        requireConditionNoise(conditionNoise);
        int n = embeddings.length;
        int e = embeddings[0].length;
        Random r = noiseStream(seed);
        float[] noise = gaussian(r, n * zDim);
        float[] epsilonOne = scaled(gaussian(r, n * stageOne.conditionDim()), conditionNoise);
        float[] epsilonTwo = stageTwo == null ? null : scaled(gaussian(r, n * stageTwo.conditionDim()), conditionNoise);
        float[] flat = new float[n * e];
        for (int i = 0; i < n; i++) {
            System.arraycopy(embeddings[i], 0, flat, i * e, e);
        }
        try (NDManager sm = manager.newSubManager()) {
            ParameterStore ps = new ParameterStore(sm, false);
            NDArray text = sm.create(flat, new Shape(n, e));
            NDArray one = stageOne.forward(ps, new NDList(sm.create(noise, new Shape(n, zDim)), text,
                    sm.create(epsilonOne, new Shape(n, stageOne.conditionDim()))), false).get(0);
            List<List<float[]>> out = new ArrayList<>();
            out.add(Images.unbatch(one));
            out.add(stageTwo == null ? null : Images.unbatch(stageTwo.forward(ps, new NDList(one, text,
                    sm.create(epsilonTwo, new Shape(n, stageTwo.conditionDim()))), false).get(0)));
            return out;
        }
    }

    /**
     * Refuses a scale of the CA's ε outside [0, 1]. Not in the paper, which samples ĉ = μ + σ·ε at test
     * time too: on shapes (three cpu Stage-I runs at 1,900 steps, klCoefficient 2.0) that noise crossed colours, and μ alone
     * read caption accuracy 0.62 / 0.54 / 0.51 against 0.53 / 0.41 / 0.47 (colour 0.99 / 0.91 / 0.91
     * against 0.88 / 0.79 / 0.81), the truncation trick's trade of variety for fidelity.
     */
    public static void requireConditionNoise(double conditionNoise) {
        if (!(conditionNoise >= 0 && conditionNoise <= 1)) {
            throw new IllegalArgumentException("conditionNoise: must be within [0, 1] (1 samples as the paper, 0 takes the CA mean), got "
                    + conditionNoise);
        }
    }

    /** The draws multiplied by {@code scale}, in place. */
    static float[] scaled(float[] draws, double scale) {
        if (scale != 1) {
            for (int i = 0; i < draws.length; i++) {
                draws[i] *= (float) scale;
            }
        }
        return draws;
    }

    /** n standard normal draws from r, as floats. */
    static float[] gaussian(Random r, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) r.nextGaussian();
        }
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }
}
