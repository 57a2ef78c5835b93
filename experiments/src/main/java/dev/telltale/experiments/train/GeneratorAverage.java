package dev.telltale.experiments.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;

/**
 * An exponential moving average of a generator's weights (ours, not in StackGAN or TGANs-C; ProGAN,
 * StyleGAN and BigGAN sample from one): a second block of the same architecture whose every
 * parameter, batch-norm running statistics included, follows the trained one as
 * avg ← d·avg + (1 − d)·w after each generator update. GAN weights orbit rather than settle, and
 * their average draws steadier pictures than any one step's weights.
 *
 * <p>The decay warms up as min(decay, (1 + t) / (10 + t)) for the t-th update, so the first weights
 * (random ones, for a fresh run) do not linger: with a fixed 0.999, a 1,900-step run's average
 * would still hold 15 % of its initial weights.
 */
public final class GeneratorAverage {

    private final Block trained;
    private final Block average;
    private final float decay;
    private long updates;

    /**
     * average: an initialized block of the trained one's architecture, whose arrays no trainer holds;
     * it starts as a copy of the trained weights.
     */
    public GeneratorAverage(Block trained, Block average, float decay) {
        if (!(decay > 0 && decay < 1)) {
            throw new IllegalArgumentException("generatorEma: the decay must lie in (0, 1), got " + decay);
        }
        this.trained = trained;
        this.average = average;
        this.decay = decay;
        PairList<String, Parameter> a = average.getParameters();
        PairList<String, Parameter> w = trained.getParameters();
        if (a.size() != w.size()) {
            throw new IllegalArgumentException("generatorEma: the average has " + a.size() + " parameters, the generator " + w.size());
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).getValue().getArray().getShape().equals(w.get(i).getValue().getArray().getShape())) {
                throw new IllegalArgumentException("generatorEma: parameter " + w.get(i).getKey() + " differs in shape from the average's");
            }
        }
        // nothing trains the average: without gradients its arrays may be updated in place
        average.freezeParameters(true);
        mix(0f);
    }

    /** The block that holds the average, for sampling, evaluating and saving. */
    public Block average() {
        return average;
    }

    /** Continues counting from a resumed run's step, so a resumed average does not warm up again. */
    public void setUpdates(long updates) {
        this.updates = updates;
    }

    /** The decay the next update will use. */
    public float nextDecay() {
        return Math.min(decay, (1f + updates) / (10f + updates));
    }

    /** avg ← d·avg + (1 − d)·w, with the warmed-up d; call after each generator step. */
    public void update() {
        mix(nextDecay());
        updates++;
    }

    private void mix(float d) {
        PairList<String, Parameter> a = average.getParameters();
        PairList<String, Parameter> w = trained.getParameters();
        for (int i = 0; i < a.size(); i++) {
            Pair<String, Parameter> pa = a.get(i);
            NDArray avg = pa.getValue().getArray();
            // detached: the average must not join the trained weights' autograd graph
            try (NDArray weights = w.get(i).getValue().getArray().stopGradient();
                    NDArray share = weights.mul(1f - d)) {
                avg.muli(d).addi(share);
            }
        }
    }
}
