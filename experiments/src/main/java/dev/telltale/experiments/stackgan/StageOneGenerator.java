package dev.telltale.experiments.stackgan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * Stage-I generator G0 (StackGAN §3.2): [z, ĉ] → FC → BN → ReLU → 4×4×(8·gfDim) → k up-blocks
 * (nearest 2×, 3×3 conv, BN, ReLU; channels halve each time, never below gfDim/2) → 3×3 conv to RGB
 * → tanh. With imageSize 64 and gfDim 128 this is the official 1024→512→256→128→64 stack.
 * {@link Builder#optConditionalNorm} (ours) makes every up-block's batch norm read ĉ as well.
 *
 * <p>Input: NDList(z (B, zDim), ĉ (B, conditionDim)). Output: NDList(image (B, 3, S, S) in [-1, 1]).
 */
public final class StageOneGenerator extends AbstractBlock {

    private final int conditionDim;
    private final int zDim;
    private final int imageSize;
    private final int baseChannels;
    private final boolean conditionalNorm;
    private final Linear fc;
    private final BatchNorm fcNorm;
    private final List<UpsampleBlock> upsamples = new ArrayList<>();
    private final Conv2d toImage;

    private StageOneGenerator(Builder builder) {
        conditionDim = builder.conditionDim;
        zDim = builder.zDim;
        imageSize = builder.imageSize;
        baseChannels = 8 * builder.gfDim;
        conditionalNorm = builder.conditionalNorm;
        fc = addChildBlock("fc", Linear.builder().setUnits(16L * baseChannels).optBias(false).build());
        fcNorm = addChildBlock("fcNorm", BatchNorm.builder().build());
        int levels = Blocks.levelsAbove4("imageSize", imageSize, 2);
        int floor = Math.max(1, builder.gfDim / 2);
        int channels = baseChannels;
        for (int i = 0; i < levels; i++) {
            channels = Math.max(floor, channels / 2);
            upsamples.add(addChildBlock("upsample" + (i + 1), new UpsampleBlock(channels, conditionalNorm)));
        }
        toImage = addChildBlock("toImage", Blocks.conv3x3(3));
    }

    public static Builder builder() {
        return new Builder();
    }

    public int getZDim() {
        return zDim;
    }

    public int getImageSize() {
        return imageSize;
    }

    /** Whether every up-block's batch norm reads ĉ (see {@link Builder#optConditionalNorm}). */
    public boolean hasConditionalNorm() {
        return conditionalNorm;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), 3, imageSize, imageSize)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[0].get(0);
        fc.initialize(manager, dataType, new Shape(batch, zDim + conditionDim));
        fcNorm.initialize(manager, dataType, new Shape(batch, 16L * baseChannels));
        Shape shape = new Shape(batch, baseChannels, 4, 4);
        for (UpsampleBlock up : upsamples) {
            if (conditionalNorm) {
                up.initialize(manager, dataType, shape, new Shape(batch, conditionDim));
            } else {
                up.initialize(manager, dataType, shape);
            }
            shape = up.getOutputShapes(new Shape[] {shape})[0];
        }
        toImage.initialize(manager, dataType, shape);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        if (inputs.size() != 2) {
            throw new IllegalArgumentException("StageOneGenerator takes NDList(z, cHat), got " + inputs.size() + " arrays");
        }
        NDArray z = inputs.get(0);
        NDArray c = inputs.get(1);
        long batch = z.getShape().get(0);
        Blocks.requireShape("z", z, batch, zDim);
        Blocks.requireShape("cHat", c, batch, conditionDim);
        NDArray h = fc.forward(parameterStore, new NDList(NDArrays.concat(new NDList(z, c), 1)), training).head();
        h = Activation.relu(fcNorm.forward(parameterStore, new NDList(h), training).head());
        h = h.reshape(batch, baseChannels, 4, 4);
        for (UpsampleBlock up : upsamples) {
            h = up.forward(parameterStore, conditionalNorm ? new NDList(h, c) : new NDList(h), training).head();
        }
        return new NDList(Activation.tanh(toImage.forward(parameterStore, new NDList(h), training).head()));
    }

    /** Builds a {@link StageOneGenerator}; conditionDim is required. */
    public static final class Builder {
        private int conditionDim = -1;
        private int zDim = 100;
        private int gfDim = 128;
        private int imageSize = 64;
        private boolean conditionalNorm;

        private Builder() {}

        /** Size of ĉ from {@link ConditioningAugmentation} (paper: 128). */
        public Builder setConditionDim(int conditionDim) {
            this.conditionDim = conditionDim;
            return this;
        }

        /** Noise size (default 100). */
        public Builder optZDim(int zDim) {
            this.zDim = zDim;
            return this;
        }

        /** Width unit (default 128, the official Stage-I value): 8·gfDim channels at 4×4. */
        public Builder optGfDim(int gfDim) {
            this.gfDim = gfDim;
            return this;
        }

        /** Output side (default 64): 4·2^k, at least 16. */
        public Builder optImageSize(int imageSize) {
            this.imageSize = imageSize;
            return this;
        }

        /**
         * Not in StackGAN (default false: ĉ enters once, beside z, as in the paper). When true, every
         * up-block's batch norm takes its scale and shift from ĉ, so the caption reaches each
         * resolution directly rather than only through what the FC layer kept of it.
         */
        public Builder optConditionalNorm(boolean conditionalNorm) {
            this.conditionalNorm = conditionalNorm;
            return this;
        }

        public StageOneGenerator build() {
            Blocks.requirePositive("conditionDim", conditionDim);
            Blocks.requirePositive("zDim", zDim);
            Blocks.requirePositive("gfDim", gfDim);
            Blocks.levelsAbove4("imageSize", imageSize, 2);
            return new StageOneGenerator(this);
        }
    }
}
