package dev.telltale.experiments.tganc;

import ai.djl.ndarray.NDArray;
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
 * The frame discriminator D1 of TGANs-C: every frame on its own through L stride-2 4×4 Conv2d
 * (the same widths as D0's), S concatenated, one logit per frame for "a real frame that matches
 * the caption". Its last feature maps, one per frame, are also returned: they are the frame
 * features whose consecutive differences the {@link MotionDiscriminator} judges.
 *
 * <p>Input NDList(video (B, 3, T, H, W), S (B, sentenceDim)); output NDList(logits (B, T),
 * features (B, T, C, H/2^L, W/2^L)).
 */
public final class FrameDiscriminator extends AbstractBlock {

    private final int frames;
    private final int frameSize;
    private final List<Conv2d> convs = new ArrayList<>();
    private final List<BatchNorm> norms = new ArrayList<>();
    private final ConditionalHead head;

    private FrameDiscriminator(Builder b) {
        frames = b.frames;
        frameSize = b.frameSize;
        for (int i = 0; i < b.levels; i++) {
            convs.add(addChildBlock("down" + (i + 1), VideoLayers.down2(b.dfDim << i)));
            norms.add(i == 0 ? null : addChildBlock("down" + (i + 1) + "Norm", BatchNorm.builder().build()));
        }
        head = addChildBlock("head", new ConditionalHead(b.sentenceDim, b.conditionDim, b.dfDim << (b.levels - 1), false));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Shape of the per-frame features for a batch of {@code batch} clips. */
    public Shape featureShape(long batch) {
        Shape s = trunkShape(new Shape(batch * frames, 3, frameSize, frameSize));
        return new Shape(batch, frames, s.get(1), s.get(2), s.get(3));
    }

    private Shape trunkShape(Shape shape) {
        for (Conv2d conv : convs) {
            shape = conv.getOutputShapes(new Shape[] {shape})[0];
        }
        return shape;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long batch = inputShapes[0].get(0);
        return new Shape[] {new Shape(batch, frames), featureShape(batch)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long n = inputShapes[0].get(0) * frames;
        Shape shape = new Shape(n, 3, frameSize, frameSize);
        for (int i = 0; i < convs.size(); i++) {
            convs.get(i).initialize(manager, dataType, shape);
            shape = convs.get(i).getOutputShapes(new Shape[] {shape})[0];
            if (norms.get(i) != null) {
                norms.get(i).initialize(manager, dataType, shape);
            }
        }
        head.initialize(manager, dataType, shape, new Shape(n, inputShapes[1].get(1)));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray video = inputs.get(0);
        NDArray sentence = inputs.get(1);
        long batch = video.getShape().get(0);
        VideoLayers.requireShape("video", video, batch, 3, frames, frameSize, frameSize);
        NDArray h = VideoLayers.toTimeFirst(video).reshape(batch * frames, 3, frameSize, frameSize);
        for (int i = 0; i < convs.size(); i++) {
            h = convs.get(i).forward(ps, new NDList(h), training).head();
            if (norms.get(i) != null) {
                h = norms.get(i).forward(ps, new NDList(h), training).head();
            }
            h = Activation.leakyRelu(h, VideoLayers.LEAK);
        }
        long sd = sentence.getShape().get(1);
        NDArray perFrame = sentence.expandDims(1).broadcast(new Shape(batch, frames, sd)).reshape(batch * frames, sd);
        NDArray logits = head.forward(ps, new NDList(h, perFrame), training).head().reshape(batch, frames);
        Shape f = h.getShape();
        return new NDList(logits, h.reshape(batch, frames, f.get(1), f.get(2), f.get(3)));
    }

    /** Builds a {@link FrameDiscriminator}: sentenceDim is required. */
    public static final class Builder extends DiscriminatorBuilder<Builder> {
        private Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        public FrameDiscriminator build() {
            validate();
            return new FrameDiscriminator(this);
        }
    }
}
