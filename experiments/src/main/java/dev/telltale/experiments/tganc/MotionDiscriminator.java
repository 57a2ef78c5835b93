package dev.telltale.experiments.tganc;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The motion discriminator D2 of TGANs-C-A: the motion tensors m_i = f_{i+1} − f_i, the
 * differences of consecutive frames' feature maps from the {@link FrameDiscriminator}'s trunk, each
 * with S concatenated, judged "real motion that matches the caption" one logit per pair of frames.
 * Sharing D1's trunk (rather than a trunk of its own) is our reading of the paper's "feature maps of
 * frames"; it also means the motion loss shapes the frame features.
 *
 * <p>Input NDList(features (B, T, C, h, w), S (B, sentenceDim)); output NDList(logits (B, T − 1)).
 */
public final class MotionDiscriminator extends AbstractBlock {

    private final int sentenceDim;
    private final ConditionalHead head;

    private MotionDiscriminator(Builder b) {
        sentenceDim = b.sentenceDim;
        head = addChildBlock("head", new ConditionalHead(b.sentenceDim, b.conditionDim, b.dfDim << (b.levels - 1), false));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** m_i = f_{i+1} − f_i along axis 1 of (B, T, ...). */
    public static NDArray motionTensors(NDArray features) {
        return features.get(new NDIndex(":, 1:")).sub(features.get(new NDIndex(":, :-1")));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), inputShapes[0].get(1) - 1)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape f = inputShapes[0];
        if (f.dimension() != 5 || f.get(1) < 2) {
            throw new IllegalArgumentException("features must be (batch, T >= 2, C, h, w), got " + f);
        }
        long n = f.get(0) * (f.get(1) - 1);
        head.initialize(manager, dataType, new Shape(n, f.get(2), f.get(3), f.get(4)), new Shape(n, sentenceDim));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray features = inputs.get(0);
        NDArray sentence = inputs.get(1);
        Shape f = features.getShape();
        if (f.dimension() != 5 || f.get(1) < 2) {
            throw new IllegalArgumentException("features must be (batch, T >= 2, C, h, w), got " + f);
        }
        long batch = f.get(0);
        long pairs = f.get(1) - 1;
        VideoLayers.requireShape("S", sentence, batch, sentenceDim);
        NDArray m = motionTensors(features).reshape(batch * pairs, f.get(2), f.get(3), f.get(4));
        NDArray perPair = sentence.expandDims(1).broadcast(new Shape(batch, pairs, sentenceDim)).reshape(batch * pairs, sentenceDim);
        return new NDList(head.forward(ps, new NDList(m, perPair), training).head().reshape(batch, pairs));
    }

    /** Builds a {@link MotionDiscriminator}: sentenceDim is required; dfDim and levels as D1's. */
    public static final class Builder extends DiscriminatorBuilder<Builder> {
        private Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        public MotionDiscriminator build() {
            validate();
            return new MotionDiscriminator(this);
        }
    }
}
