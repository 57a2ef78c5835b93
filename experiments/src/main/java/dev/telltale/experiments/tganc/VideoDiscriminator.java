package dev.telltale.experiments.tganc;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * The video discriminator D0 of TGANs-C: L stride-2 4×4×4 Conv3d over the whole clip (dfDim,
 * 2·dfDim, ... channels; BN on all but the first; LeakyReLU 0.2), mirroring G, down to the
 * T/2^L × S/2^L × S/2^L volume; then S is concatenated and one logit says "a real video that
 * matches its caption" ({@link ConditionalHead}).
 *
 * <p>Input NDList(video (B, 3, T, H, W), S (B, sentenceDim)); output NDList(logits (B)).
 */
public final class VideoDiscriminator extends AbstractBlock {

    private final int frames;
    private final int frameSize;
    private final List<Conv3d> convs = new ArrayList<>();
    private final List<BatchNorm> norms = new ArrayList<>();
    private final ConditionalHead head;

    private VideoDiscriminator(Builder b) {
        frames = b.frames;
        frameSize = b.frameSize;
        for (int i = 0; i < b.levels; i++) {
            convs.add(addChildBlock("down" + (i + 1), VideoLayers.down3(b.dfDim << i)));
            norms.add(i == 0 ? null : addChildBlock("down" + (i + 1) + "Norm", BatchNorm.builder().build()));
        }
        head = addChildBlock("head", new ConditionalHead(b.sentenceDim, b.conditionDim, b.dfDim << (b.levels - 1), true));
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape shape = inputShapes[0];
        for (int i = 0; i < convs.size(); i++) {
            convs.get(i).initialize(manager, dataType, shape);
            shape = convs.get(i).getOutputShapes(new Shape[] {shape})[0];
            if (norms.get(i) != null) {
                norms.get(i).initialize(manager, dataType, shape);
            }
        }
        head.initialize(manager, dataType, shape, inputShapes[1]);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray h = inputs.get(0);
        long batch = h.getShape().get(0);
        VideoLayers.requireShape("video", h, batch, 3, frames, frameSize, frameSize);
        for (int i = 0; i < convs.size(); i++) {
            h = convs.get(i).forward(ps, new NDList(h), training).head();
            if (norms.get(i) != null) {
                h = norms.get(i).forward(ps, new NDList(h), training).head();
            }
            h = Activation.leakyRelu(h, VideoLayers.LEAK);
        }
        return head.forward(ps, new NDList(h, inputs.get(1)), training);
    }

    /** Builds a {@link VideoDiscriminator}: sentenceDim is required. */
    public static final class Builder extends DiscriminatorBuilder<Builder> {
        private Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        public VideoDiscriminator build() {
            validate();
            return new VideoDiscriminator(this);
        }
    }
}
