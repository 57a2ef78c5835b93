package dev.telltale.experiments.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A StackGAN generator with its own Conditioning Augmentation, trained as one: forward(x, text
 * embedding) → (image, μ, log σ²), where x is the noise z for Stage-I and the Stage-I image for
 * Stage-II (which takes no z). A third input, the CA noise ε (B, conditionDim), fixes ĉ = μ + σ·ε
 * where fixed pictures are wanted (sample grids, a seeded generation).
 */
public final class ConditionedGenerator extends AbstractBlock {

    private final Block conditioning;
    private final Block generator;
    private final int conditionDim;

    public ConditionedGenerator(Block conditioning, Block generator, int conditionDim) {
        this.conditioning = addChildBlock("ca", conditioning);
        this.generator = addChildBlock("g", generator);
        this.conditionDim = conditionDim;
    }

    public int conditionDim() {
        return conditionDim;
    }

    public Block conditioning() {
        return conditioning;
    }

    public Block generator() {
        return generator;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList caInputs = inputs.size() > 2 ? new NDList(inputs.get(1), inputs.get(2)) : new NDList(inputs.get(1));
        NDList ca = conditioning.forward(ps, caInputs, training, params);
        NDList image = generator.forward(ps, new NDList(inputs.get(0), ca.get(0)), training, params);
        return new NDList(image.singletonOrThrow(), ca.get(1), ca.get(2));
    }

    @Override
    public void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        conditioning.initialize(manager, dataType, inputShapes[1]);
        long b = inputShapes[1].get(0);
        generator.initialize(manager, dataType, inputShapes[0], new Shape(b, conditionDim));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long b = inputShapes[1].get(0);
        Shape c = new Shape(b, conditionDim);
        return new Shape[] {generator.getOutputShapes(new Shape[] {inputShapes[0], c})[0], c, c};
    }
}
