package dev.telltale.experiments.stackgan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;

/**
 * An L1 term that ties a Stage-II image to the Stage-I image it refines: the Stage-II image,
 * average-pooled back to the Stage-I size, against the Stage-I image. Not in StackGAN: it leaves
 * Stage-II only the detail finer than a Stage-I pixel to change. On captioned shapes it held the block
 * means and caption accuracy fell below the input's all the same, which placed the loss in that detail.
 */
public final class StageOneConsistency {

    private StageOneConsistency() {}

    /**
     * Mean over batch, channels and Stage-I pixels of |avgPool(stageTwo) − stageOne|.
     *
     * @param stageTwo (N, C, s·k, s·k) images
     * @param stageOne (N, C, s, s) images, the same N and C; no gradient flows into them
     * @return a scalar
     */
    public static NDArray loss(NDArray stageTwo, NDArray stageOne) {
        Shape big = stageTwo.getShape();
        Shape small = stageOne.getShape();
        if (big.dimension() != 4 || small.dimension() != 4 || big.get(0) != small.get(0) || big.get(1) != small.get(1)) {
            throw new IllegalArgumentException("stageOneConsistency needs (N, C, H, W) images with the same N and C, got "
                    + big + " and " + small);
        }
        long k = big.get(2) / small.get(2);
        if (k < 1 || big.get(2) != k * small.get(2) || big.get(3) != k * small.get(3)) {
            throw new IllegalArgumentException("stageOneConsistency: " + big + " is not a whole multiple of " + small);
        }
        NDArray pooled = k == 1 ? stageTwo : Pool.avgPool2d(stageTwo, new Shape(k, k), new Shape(k, k), new Shape(0, 0), false, true);
        return pooled.sub(stageOne.stopGradient()).abs().mean();
    }
}
