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
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * Stage-II generator G (StackGAN §3.3), no noise: it refines a Stage-I image s×s into 4s×4s.
 * Encoder 3×3 conv (gfDim) + ReLU, two stride-2 4×4 convs + BN + ReLU (2·gfDim, 4·gfDim) down to
 * s/4; concat ĉ tiled over space; 3×3 conv + BN + ReLU (4·gfDim); residualBlocks residual blocks;
 * four up-blocks (2·gfDim, gfDim, gfDim/2, gfDim/4) to 4s; 3×3 conv to RGB; tanh.
 *
 * <p>Input: NDList(stageOneImage (B, 3, s, s), ĉ (B, conditionDim)); ĉ comes from Stage II's own
 * {@link ConditioningAugmentation}, as in the official code. The Stage-I image is taken as given:
 * detach it (or do not record G0) when G0 stays fixed. Output: NDList(image (B, 3, 4s, 4s)). With
 * {@link Builder#optImageSkip} the last convolution corrects the upsampled Stage-I image instead.
 */
public final class StageTwoGenerator extends AbstractBlock {

    private final int conditionDim;
    private final int inputSize;
    private final int gfDim;
    private final Conv2d encode;
    private final Conv2d down1;
    private final BatchNorm down1Norm;
    private final Conv2d down2;
    private final BatchNorm down2Norm;
    private final Conv2d joint;
    private final BatchNorm jointNorm;
    private final List<ResidualBlock> residuals = new ArrayList<>();
    private final List<UpsampleBlock> upsamples = new ArrayList<>();
    private final Conv2d toImage;
    private final boolean imageSkip;
    private final boolean conditionalNorm;

    private StageTwoGenerator(Builder builder) {
        conditionDim = builder.conditionDim;
        imageSkip = builder.imageSkip;
        conditionalNorm = builder.conditionalNorm;
        inputSize = builder.inputSize;
        gfDim = builder.gfDim;
        encode = addChildBlock("encode", Blocks.conv3x3(gfDim));
        down1 = addChildBlock("down1", Blocks.downConv(2 * gfDim));
        down1Norm = addChildBlock("down1Norm", BatchNorm.builder().build());
        down2 = addChildBlock("down2", Blocks.downConv(4 * gfDim));
        down2Norm = addChildBlock("down2Norm", BatchNorm.builder().build());
        joint = addChildBlock("joint", Blocks.conv3x3(4 * gfDim));
        jointNorm = addChildBlock("jointNorm", BatchNorm.builder().build());
        for (int i = 0; i < builder.residualBlocks; i++) {
            residuals.add(addChildBlock("residual" + (i + 1), new ResidualBlock(4 * gfDim)));
        }
        int[] channels = {2 * gfDim, gfDim, gfDim / 2, gfDim / 4};
        for (int i = 0; i < channels.length; i++) {
            upsamples.add(addChildBlock("upsample" + (i + 1), new UpsampleBlock(channels[i], conditionalNorm)));
        }
        toImage = addChildBlock("toImage", Blocks.conv3x3(3));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Side of the output image, 4 × the Stage-I side. */
    public int getImageSize() {
        return 4 * inputSize;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), 3, 4L * inputSize, 4L * inputSize)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[0].get(0);
        Shape shape = new Shape(batch, 3, inputSize, inputSize);
        shape = init(encode, manager, dataType, shape);
        shape = init(down1, manager, dataType, shape);
        down1Norm.initialize(manager, dataType, shape);
        shape = init(down2, manager, dataType, shape);
        down2Norm.initialize(manager, dataType, shape);
        shape = init(joint, manager, dataType, new Shape(batch, shape.get(1) + conditionDim, shape.get(2), shape.get(3)));
        jointNorm.initialize(manager, dataType, shape);
        for (ResidualBlock residual : residuals) {
            residual.initialize(manager, dataType, shape);
        }
        for (UpsampleBlock up : upsamples) {
            if (conditionalNorm) {
                up.initialize(manager, dataType, shape, new Shape(batch, conditionDim));
                shape = up.getOutputShapes(new Shape[] {shape})[0];
            } else {
                shape = init(up, manager, dataType, shape);
            }
        }
        toImage.initialize(manager, dataType, shape);
        if (imageSkip) {
            // no correction yet: a new Stage-II draws exactly the upsampled Stage-I image (gradients still
            // reach this convolution, and through it the rest once it moves)
            for (var p : toImage.getParameters()) {
                NDArray w = p.getValue().getArray();
                w.subi(w);
            }
        }
    }

    private static Shape init(AbstractBlock block, NDManager manager, DataType dataType, Shape input) {
        block.initialize(manager, dataType, input);
        return block.getOutputShapes(new Shape[] {input})[0];
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        if (inputs.size() != 2) {
            throw new IllegalArgumentException(
                    "StageTwoGenerator takes NDList(stageOneImage, cHat), got " + inputs.size() + " arrays");
        }
        NDArray h = inputs.get(0);
        NDArray c = inputs.get(1);
        long batch = h.getShape().get(0);
        Blocks.requireShape("stageOneImage", h, batch, 3, inputSize, inputSize);
        Blocks.requireShape("cHat", c, batch, conditionDim);
        h = Activation.relu(forward(encode, parameterStore, h, training));
        h = Activation.relu(forward(down1Norm, parameterStore, forward(down1, parameterStore, h, training), training));
        h = Activation.relu(forward(down2Norm, parameterStore, forward(down2, parameterStore, h, training), training));
        Shape s = h.getShape();
        h = NDArrays.concat(new NDList(h, Blocks.tileSpatially(c, s.get(2), s.get(3))), 1);
        h = Activation.relu(forward(jointNorm, parameterStore, forward(joint, parameterStore, h, training), training));
        for (ResidualBlock residual : residuals) {
            h = forward(residual, parameterStore, h, training);
        }
        for (UpsampleBlock up : upsamples) {
            h = conditionalNorm ? up.forward(parameterStore, new NDList(h, c), training).head() : forward(up, parameterStore, h, training);
        }
        NDArray out = forward(toImage, parameterStore, h, training);
        if (imageSkip) {
            // in tanh's input space, so a zero correction returns the Stage-I image and none saturates
            NDArray up = Blocks.upsampleNearest(Blocks.upsampleNearest(inputs.get(0)));
            out = out.add(atanh(up.clip(-SKIP_LIMIT, SKIP_LIMIT)));
        }
        return new NDList(Activation.tanh(out));
    }

    /** Stage-I pixels are clipped to ±this before atanh, which is infinite at ±1. */
    static final float SKIP_LIMIT = 0.995f;

    private static NDArray atanh(NDArray x) {
        // atanh(x) = ½ ln((1 + x) / (1 − x)); built from array ops (djl.md bug 2: no scalar ops under autograd)
        NDArray one = x.onesLike();
        return one.add(x).div(one.sub(x)).log().mul(Blocks.scalar(x, 0.5f));
    }

    /** Whether the output is a correction of the Stage-I image upsampled 4× (see {@link Builder#optImageSkip}). */
    public boolean hasImageSkip() {
        return imageSkip;
    }

    /** Whether every up-block's batch norm reads ĉ (see {@link Builder#optConditionalNorm}). */
    public boolean hasConditionalNorm() {
        return conditionalNorm;
    }

    private static NDArray forward(AbstractBlock block, ParameterStore parameterStore, NDArray x, boolean training) {
        return block.forward(parameterStore, new NDList(x), training).head();
    }

    /** Builds a {@link StageTwoGenerator}; conditionDim and inputSize are required. */
    public static final class Builder {
        private int conditionDim = -1;
        private int gfDim = 128;
        private int residualBlocks = 4;
        private int inputSize = -1;
        private boolean imageSkip;
        private boolean conditionalNorm;

        private Builder() {}

        /**
         * When true, G's last convolution corrects the Stage-I image, upsampled 4× by nearest
         * neighbour, in tanh's input space: image = tanh(atanh(upsampled) + conv). Not in StackGAN
         * (whose Stage-II draws the image anew from its encoding); ours, so Stage-II starts from what
         * Stage-I drew and only has to add detail: the last convolution starts at zero, so a new
         * Stage-II returns exactly the upsampled Stage-I image (default false).
         */
        public Builder optImageSkip(boolean imageSkip) {
            this.imageSkip = imageSkip;
            return this;
        }

        /** Size of ĉ from the Stage-II {@link ConditioningAugmentation}. */
        public Builder setConditionDim(int conditionDim) {
            this.conditionDim = conditionDim;
            return this;
        }

        /** Width unit (default 128, official Stage-II value); a multiple of 4. */
        public Builder optGfDim(int gfDim) {
            this.gfDim = gfDim;
            return this;
        }

        /** Number of residual blocks at s/4 (default 4, the official R_NUM). */
        public Builder optResidualBlocks(int residualBlocks) {
            this.residualBlocks = residualBlocks;
            return this;
        }

        /** Side s of the Stage-I image: 4·2^k, at least 16; the output is 4s. */
        public Builder setInputSize(int inputSize) {
            this.inputSize = inputSize;
            return this;
        }

        /**
         * Not in StackGAN (default false): every up-block's batch norm takes its scale and shift from
         * ĉ, as {@link StageOneGenerator.Builder#optConditionalNorm} does for Stage-I.
         */
        public Builder optConditionalNorm(boolean conditionalNorm) {
            this.conditionalNorm = conditionalNorm;
            return this;
        }

        public StageTwoGenerator build() {
            Blocks.requirePositive("conditionDim", conditionDim);
            if (gfDim < 4 || gfDim % 4 != 0) {
                throw new IllegalArgumentException("gfDim must be a positive multiple of 4, got " + gfDim);
            }
            if (residualBlocks < 0) {
                throw new IllegalArgumentException("residualBlocks must be at least 0, got " + residualBlocks);
            }
            Blocks.levelsAbove4("inputSize", inputSize, 2);
            return new StageTwoGenerator(this);
        }
    }
}
