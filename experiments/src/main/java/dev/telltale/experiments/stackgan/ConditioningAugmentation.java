package dev.telltale.experiments.stackgan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Conditioning augmentation (StackGAN §3.1): a fully connected layer maps the text embedding to
 * μ and log σ² (each conditionDim wide), and the generator is conditioned on
 * ĉ = μ + exp(log σ² / 2) · ε with ε ~ N(0, I), regularised towards N(0, I) by {@link #klDivergence}.
 *
 * <p>The FC output passes through LeakyReLU(0.2) as in the authors' original TensorFlow code (the
 * PyTorch port uses ReLU, which pins μ ≥ 0 and σ ≥ 1 and can die; the leak keeps every unit trainable).
 *
 * <p>Input: NDList(embedding (B, embeddingDim)[, ε (B, conditionDim)]): a given ε replaces the random
 * draw, so fixed noise gives a fixed picture. Output: NDList(ĉ, μ, log σ²), each (B, conditionDim).
 */
public final class ConditioningAugmentation extends AbstractBlock {

    private final int embeddingDim;
    private final int conditionDim;
    private final boolean sampleAtInference;
    private final Linear fc;

    private ConditioningAugmentation(Builder builder) {
        embeddingDim = builder.embeddingDim;
        conditionDim = builder.conditionDim;
        sampleAtInference = builder.sampleAtInference;
        fc = addChildBlock("fc", Linear.builder().setUnits(2L * conditionDim).build());
    }

    public static Builder builder() {
        return new Builder();
    }

    public int getConditionDim() {
        return conditionDim;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape c = new Shape(inputShapes[0].get(0), conditionDim);
        return new Shape[] {c, c, c};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        fc.initialize(manager, dataType, new Shape(inputShapes[0].get(0), embeddingDim));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray embedding = inputs.head();
        Blocks.requireShape("embedding", embedding, -1, embeddingDim);
        NDArray h = Activation.leakyRelu(fc.forward(parameterStore, new NDList(embedding), training).head(), Blocks.LEAK);
        NDList halves = h.split(2, 1);
        NDArray mu = halves.get(0);
        NDArray logVar = halves.get(1);
        if (!training && !sampleAtInference) {
            return new NDList(mu, mu, logVar);
        }
        NDArray std = logVar.mul(Blocks.scalar(logVar, 0.5f)).exp();
        NDArray epsilon;
        if (inputs.size() > 1) {
            epsilon = inputs.get(1);
            Blocks.requireShape("epsilon", epsilon, mu.getShape().get(0), conditionDim);
        } else {
            epsilon = embedding.getManager().randomNormal(0f, 1f, mu.getShape(), mu.getDataType(), mu.getDevice());
        }
        return new NDList(mu.add(std.mul(epsilon)), mu, logVar);
    }

    /**
     * KL(N(μ, σ²) ‖ N(0, I)) per sample, averaged over the batch:
     * mean_b ½ Σ_c (μ² + σ² − 1 − log σ²).
     *
     * <p>The official PyTorch code averages over batch <em>and</em> condition units, i.e. this value
     * divided by conditionDim; its klCoefficient (2.0) must be divided by conditionDim to match.
     */
    public static NDArray klDivergence(NDArray mu, NDArray logVar) {
        if (mu.getShape().dimension() != 2 || !mu.getShape().equals(logVar.getShape())) {
            throw new IllegalArgumentException("mu and logVar must both be (batch, conditionDim), got "
                    + mu.getShape() + " and " + logVar.getShape());
        }
        NDArray perUnit = mu.square().add(logVar.exp()).sub(Blocks.scalar(mu, 1f)).sub(logVar);
        return perUnit.sum(new int[] {1}).mean().mul(Blocks.scalar(mu, 0.5f));
    }

    /** Builds a {@link ConditioningAugmentation}; embeddingDim and conditionDim are required. */
    public static final class Builder {
        private int embeddingDim = -1;
        private int conditionDim = -1;
        private boolean sampleAtInference = true;

        private Builder() {}

        /** Size of the incoming text embedding. */
        public Builder setEmbeddingDim(int embeddingDim) {
            this.embeddingDim = embeddingDim;
            return this;
        }

        /** Size of ĉ (the paper uses 128). */
        public Builder setConditionDim(int conditionDim) {
            this.conditionDim = conditionDim;
            return this;
        }

        /**
         * Whether ĉ is sampled also when not training (default true). The official code samples at
         * test time too, and the paper relies on it to draw varied images for one caption; false
         * returns ĉ = μ, a deterministic output for evaluation against fixed references.
         */
        public Builder optSampleAtInference(boolean sampleAtInference) {
            this.sampleAtInference = sampleAtInference;
            return this;
        }

        public ConditioningAugmentation build() {
            Blocks.requirePositive("embeddingDim", embeddingDim);
            Blocks.requirePositive("conditionDim", conditionDim);
            return new ConditioningAugmentation(this);
        }
    }
}
