package dev.telltale.experiments.tganc;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.telltale.experiments.stackgan.ConditionalBatchNorm;
import java.util.ArrayList;
import java.util.List;

/**
 * The generator G of TGANs-C (§3.2): [z; S] → FC → BN → ReLU → a small spatio-temporal volume of
 * T/2^L × S/2^L × S/2^L cells → L blocks of (nearest 2× upsampling in time and space, 3×3×3 Conv3d,
 * BN, ReLU), channels halving each block → 3×3×3 Conv3d to RGB → tanh. With frames 16, frameSize
 * 48 and L = 4 the volume is 1×3×3 growing to 16×48×48, the paper's sizes. The paper uses
 * fractionally-strided 3-D convolutions; DJL has none (djl.md bug 3), so upsample + convolve is
 * our substitute (it also avoids checkerboard artefacts). {@link Builder#optConditionalNorm} (ours)
 * makes every block's batch norm read S as well.
 *
 * <p>Input: NDList(z (B, zDim), S (B, sentenceDim)). Output: NDList(video (B, 3, T, H, W) in [-1, 1]).
 */
public final class VideoGenerator extends AbstractBlock {

    private final int zDim;
    private final int sentenceDim;
    private final int frames;
    private final int frameSize;
    private final int levels;
    private final int baseChannels;
    private final Linear fc;
    private final BatchNorm fcNorm;
    private final List<Conv3d> convs = new ArrayList<>();
    private final List<BatchNorm> norms = new ArrayList<>();
    private final List<ConditionalBatchNorm> conditionalNorms = new ArrayList<>();
    private final boolean conditionalNorm;
    private final Conv3d toVideo;

    private VideoGenerator(Builder b) {
        zDim = b.zDim;
        sentenceDim = b.sentenceDim;
        frames = b.frames;
        frameSize = b.frameSize;
        levels = b.levels;
        conditionalNorm = b.conditionalNorm;
        baseChannels = b.gfDim << levels;
        fc = addChildBlock("fc", Linear.builder().setUnits((long) baseChannels * cells()).optBias(false).build());
        fcNorm = addChildBlock("fcNorm", BatchNorm.builder().build());
        int channels = baseChannels;
        for (int i = 0; i < levels; i++) {
            channels = Math.max(b.gfDim, channels / 2);
            convs.add(addChildBlock("up" + (i + 1), VideoLayers.conv3(channels)));
            if (conditionalNorm) {
                conditionalNorms.add(addChildBlock("up" + (i + 1) + "CNorm", new ConditionalBatchNorm(channels)));
            } else {
                norms.add(addChildBlock("up" + (i + 1) + "Norm", BatchNorm.builder().build()));
            }
        }
        toVideo = addChildBlock("toVideo", VideoLayers.conv3(3));
    }

    public static Builder builder() {
        return new Builder();
    }

    private long cells() {
        long t0 = frames >> levels;
        long s0 = frameSize >> levels;
        return t0 * s0 * s0;
    }

    public int getZDim() {
        return zDim;
    }

    public int getFrames() {
        return frames;
    }

    public int getFrameSize() {
        return frameSize;
    }

    /** Whether every block's batch norm reads S (see {@link Builder#optConditionalNorm}). */
    public boolean hasConditionalNorm() {
        return conditionalNorm;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), 3, frames, frameSize, frameSize)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[0].get(0);
        fc.initialize(manager, dataType, new Shape(batch, zDim + sentenceDim));
        fcNorm.initialize(manager, dataType, new Shape(batch, baseChannels * cells()));
        long t = frames >> levels;
        long s = frameSize >> levels;
        Shape shape = new Shape(batch, baseChannels, t, s, s);
        for (int i = 0; i < levels; i++) {
            t *= 2;
            s *= 2;
            Shape up = new Shape(batch, shape.get(1), t, s, s);
            convs.get(i).initialize(manager, dataType, up);
            shape = convs.get(i).getOutputShapes(new Shape[] {up})[0];
            if (conditionalNorm) {
                conditionalNorms.get(i).initialize(manager, dataType, shape, new Shape(batch, sentenceDim));
            } else {
                norms.get(i).initialize(manager, dataType, shape);
            }
        }
        toVideo.initialize(manager, dataType, shape);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        if (inputs.size() != 2) {
            throw new IllegalArgumentException("VideoGenerator takes NDList(z, S), got " + inputs.size() + " arrays");
        }
        NDArray z = inputs.get(0);
        NDArray sentence = inputs.get(1);
        long batch = z.getShape().get(0);
        VideoLayers.requireShape("z", z, batch, zDim);
        VideoLayers.requireShape("S", sentence, batch, sentenceDim);
        NDArray h = fc.forward(ps, new NDList(NDArrays.concat(new NDList(z, sentence), 1)), training).head();
        h = Activation.relu(fcNorm.forward(ps, new NDList(h), training).head());
        h = h.reshape(batch, baseChannels, frames >> levels, frameSize >> levels, frameSize >> levels);
        for (int i = 0; i < levels; i++) {
            h = convs.get(i).forward(ps, new NDList(VideoLayers.upsample3(h)), training).head();
            h = conditionalNorm ? conditionalNorms.get(i).forward(ps, new NDList(h, sentence), training).head()
                    : norms.get(i).forward(ps, new NDList(h), training).head();
            h = Activation.relu(h);
        }
        return new NDList(Activation.tanh(toVideo.forward(ps, new NDList(h), training).head()));
    }

    /** Builds a {@link VideoGenerator}: sentenceDim is required. */
    public static final class Builder {
        private int zDim = 100;
        private int sentenceDim = -1;
        private int gfDim = 32;
        private int frames = 16;
        private int frameSize = 48;
        private int levels = 4;
        private boolean conditionalNorm;

        private Builder() {}

        public Builder setSentenceDim(int sentenceDim) {
            this.sentenceDim = sentenceDim;
            return this;
        }

        /** Noise size (default 100). */
        public Builder optZDim(int zDim) {
            this.zDim = zDim;
            return this;
        }

        /** Width unit: the last block has gfDim channels, the volume gfDim·2^levels. */
        public Builder optGfDim(int gfDim) {
            this.gfDim = gfDim;
            return this;
        }

        /** T, frames per clip (default 16): a multiple of 2^levels. */
        public Builder optFrames(int frames) {
            this.frames = frames;
            return this;
        }

        /** Side of each frame (default 48): a multiple of 2^levels. */
        public Builder optFrameSize(int frameSize) {
            this.frameSize = frameSize;
            return this;
        }

        /** Upsampling blocks (default 4). */
        public Builder optLevels(int levels) {
            this.levels = levels;
            return this;
        }

        /**
         * Not in TGANs-C (default false: S enters once, beside z, as in the paper). When true, every
         * block's batch norm takes its scale and shift from S, so the caption reaches each
         * resolution directly ({@link ConditionalBatchNorm}).
         */
        public Builder optConditionalNorm(boolean conditionalNorm) {
            this.conditionalNorm = conditionalNorm;
            return this;
        }

        public VideoGenerator build() {
            VideoLayers.requirePositive("sentenceDim", sentenceDim);
            VideoLayers.requirePositive("zDim", zDim);
            VideoLayers.requirePositive("gfDim", gfDim);
            VideoLayers.requirePositive("levels", levels);
            VideoLayers.requireDivisible("frames", frames, levels);
            VideoLayers.requireDivisible("frameSize", frameSize, levels);
            return new VideoGenerator(this);
        }
    }
}
