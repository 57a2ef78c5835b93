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
 * <p>{@link Builder#optContentMotion} (ours, after MoCoGAN's split of content and motion, Tulyakov et
 * al. 2018) draws every frame with the same 2-D layers from one content map of [z; S], told apart
 * only by a per-frame motion code of [z; S]: the convolutions are 1×3×3 and time is not upsampled,
 * so no layer can redraw the digit differently from one frame to the next.
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
    private final boolean contentMotion;
    private final int motionChannels;
    private final Linear motionFc;
    private final BatchNorm motionNorm;
    private final Conv3d toVideo;

    private VideoGenerator(Builder b) {
        zDim = b.zDim;
        sentenceDim = b.sentenceDim;
        frames = b.frames;
        frameSize = b.frameSize;
        levels = b.levels;
        conditionalNorm = b.conditionalNorm;
        contentMotion = b.contentMotion;
        baseChannels = b.gfDim << levels;
        motionChannels = contentMotion ? Math.max(b.gfDim, baseChannels / 4) : 0;
        fc = addChildBlock("fc", Linear.builder().setUnits((long) baseChannels * cells()).optBias(false).build());
        fcNorm = addChildBlock("fcNorm", BatchNorm.builder().build());
        if (contentMotion) {
            motionFc = addChildBlock("motionFc", Linear.builder().setUnits((long) motionChannels * frames).optBias(false).build());
            motionNorm = addChildBlock("motionNorm", BatchNorm.builder().build());
        } else {
            motionFc = null;
            motionNorm = null;
        }
        int channels = baseChannels;
        for (int i = 0; i < levels; i++) {
            channels = Math.max(b.gfDim, channels / 2);
            convs.add(addChildBlock("up" + (i + 1), contentMotion ? VideoLayers.conv2in3(channels) : VideoLayers.conv3(channels)));
            if (conditionalNorm) {
                conditionalNorms.add(addChildBlock("up" + (i + 1) + "CNorm", new ConditionalBatchNorm(channels)));
            } else {
                norms.add(addChildBlock("up" + (i + 1) + "Norm", BatchNorm.builder().build()));
            }
        }
        toVideo = addChildBlock("toVideo", contentMotion ? VideoLayers.conv2in3(3) : VideoLayers.conv3(3));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Cells of the first volume: per frame in content/motion mode, whose content map has no time axis. */
    private long cells() {
        long t0 = contentMotion ? 1 : frames >> levels;
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

    /** Whether frames share one content map and differ by a motion code (see {@link Builder#optContentMotion}). */
    public boolean hasContentMotion() {
        return contentMotion;
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
        long t = contentMotion ? frames : frames >> levels;
        long s = frameSize >> levels;
        Shape shape = new Shape(batch, baseChannels + motionChannels, t, s, s);
        if (contentMotion) {
            motionFc.initialize(manager, dataType, new Shape(batch, zDim + sentenceDim));
            motionNorm.initialize(manager, dataType, new Shape(batch, (long) motionChannels * frames));
        }
        for (int i = 0; i < levels; i++) {
            t = contentMotion ? t : t * 2;
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
        NDArray zs = NDArrays.concat(new NDList(z, sentence), 1);
        NDArray h = fc.forward(ps, new NDList(zs), training).head();
        h = Activation.relu(fcNorm.forward(ps, new NDList(h), training).head());
        int s0 = frameSize >> levels;
        if (contentMotion) {
            NDArray content = h.reshape(batch, baseChannels, 1, s0, s0).repeat(2, frames);
            NDArray motion = motionFc.forward(ps, new NDList(zs), training).head();
            motion = Activation.relu(motionNorm.forward(ps, new NDList(motion), training).head());
            motion = motion.reshape(batch, motionChannels, frames, 1, 1).repeat(3, s0).repeat(4, s0);
            h = NDArrays.concat(new NDList(content, motion), 1);
        } else {
            h = h.reshape(batch, baseChannels, frames >> levels, s0, s0);
        }
        for (int i = 0; i < levels; i++) {
            NDArray up = contentMotion ? VideoLayers.upsample2in3(h) : VideoLayers.upsample3(h);
            h = convs.get(i).forward(ps, new NDList(up), training).head();
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
        private boolean contentMotion;

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

        /**
         * Not in TGANs-C (default false: the paper's 3-D generator). When true, one content map of
         * [z; S] is drawn into every frame by shared 1×3×3 convolutions, beside a per-frame motion
         * code of [z; S] (MoCoGAN's split, Tulyakov et al. 2018): frames cannot differ in what they
         * draw except through the motion code.
         */
        public Builder optContentMotion(boolean contentMotion) {
            this.contentMotion = contentMotion;
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
