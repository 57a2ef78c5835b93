package dev.telltale.experiments.stackgan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Batch norm whose scale and shift are read from a condition vector (conditional batch norm, de
 * Vries et al. 2017; the class-conditional generators of Miyato &amp; Koyama 2018): out = x̂·(1 + γ(c))
 * + β(c), with γ and β linear in c and x̂ the batch-normalised x without its own affine part. Not in
 * StackGAN, whose generator sees ĉ only once, beside z at its input; here every layer that has one
 * is told the caption again.
 *
 * <p>The linear map starts at zero, so a new block is plain batch norm and the condition earns its
 * influence by gradient. Works for any rank ≥ 2 (images (B, C, H, W), videos (B, C, T, H, W)).
 *
 * <p>Input: NDList(x (B, C, ...), c (B, conditionDim)). Output: NDList(x's shape).
 */
public final class ConditionalBatchNorm extends AbstractBlock {

    private final int channels;
    private final BatchNorm norm;
    private final Linear affine;

    public ConditionalBatchNorm(int channels) {
        this.channels = channels;
        norm = addChildBlock("norm", BatchNorm.builder().optCenter(false).optScale(false).build());
        affine = addChildBlock("affine", Linear.builder().setUnits(2L * channels).build());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        if (inputShapes.length != 2 || inputShapes[0].get(1) != channels) {
            throw new IllegalArgumentException("ConditionalBatchNorm(" + channels + ") takes (x (B, " + channels
                    + ", ...), c (B, D)), got " + java.util.Arrays.toString(inputShapes));
        }
        norm.initialize(manager, dataType, inputShapes[0]);
        affine.initialize(manager, dataType, inputShapes[1]);
        // zero whatever initializer the network set (xavier, N(0, 0.02)): a new block is plain batch norm
        affine.getParameters().values().forEach(p -> p.getArray().muli(0));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray c = inputs.get(1);
        NDArray normed = norm.forward(parameterStore, new NDList(x), training).head();
        NDArray gb = affine.forward(parameterStore, new NDList(c), training).head();
        long[] broadcast = new long[(int) x.getShape().dimension()];
        java.util.Arrays.fill(broadcast, 1);
        broadcast[0] = x.getShape().get(0);
        broadcast[1] = channels;
        NDArray gamma = gb.get(":, :" + channels).reshape(new Shape(broadcast));
        NDArray beta = gb.get(":, " + channels + ":").reshape(new Shape(broadcast));
        // x̂ + x̂·γ + β rather than x̂·(1 + γ): a Java scalar under autograd is the DJL bug in notes/djl.md
        return new NDList(normed.add(normed.mul(gamma)).add(beta));
    }
}
