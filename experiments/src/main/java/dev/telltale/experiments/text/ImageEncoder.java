package dev.telltale.experiments.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * A small CNN that maps images to the text encoder's embedding space for contrastive pre-training:
 * stride-2 4×4 convolutions with LeakyReLU(0.2) down to 4×4 (channels width, 2·width, ... capped
 * at 8·width), flatten, linear, L2 normalisation (as {@link TextEncoder}, so both sides are unit
 * vectors).
 *
 * <p>No batch normalisation: in a contrastive batch it would let an image's embedding depend on the
 * other images it is compared with. Input (B, 3, S, S) in [-1, 1]; output (B, embeddingDim).
 */
public final class ImageEncoder extends AbstractBlock {

    private static final float LEAK = 0.2f;

    private final int imageSize;
    private final int embeddingDim;
    private final List<Conv2d> convs = new ArrayList<>();
    private final Linear projection;

    private ImageEncoder(Builder builder) {
        imageSize = builder.imageSize;
        embeddingDim = builder.embeddingDim;
        int levels = Integer.numberOfTrailingZeros(imageSize / 4);
        for (int i = 0; i < levels; i++) {
            int filters = builder.width << Math.min(i, 3);
            convs.add(addChildBlock("down" + (i + 1), Conv2d.builder()
                    .setKernelShape(new Shape(4, 4))
                    .optStride(new Shape(2, 2))
                    .optPadding(new Shape(1, 1))
                    .setFilters(filters)
                    .build()));
        }
        projection = addChildBlock("projection", Linear.builder().setUnits(embeddingDim).build());
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), embeddingDim)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape shape = inputShapes[0];
        for (Conv2d conv : convs) {
            conv.initialize(manager, dataType, shape);
            shape = conv.getOutputShapes(new Shape[] {shape})[0];
        }
        projection.initialize(manager, dataType, new Shape(shape.get(0), shape.size() / shape.get(0)));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head();
        Shape shape = x.getShape();
        if (shape.dimension() != 4 || shape.get(1) != 3 || shape.get(2) != imageSize || shape.get(3) != imageSize) {
            throw new IllegalArgumentException(
                    "images must be (batch, 3, " + imageSize + ", " + imageSize + "), got " + shape);
        }
        for (Conv2d conv : convs) {
            x = Activation.leakyRelu(conv.forward(parameterStore, new NDList(x), training).head(), LEAK);
        }
        NDArray flat = x.reshape(x.getShape().get(0), -1);
        NDArray projected = projection.forward(parameterStore, new NDList(flat), training).head();
        return new NDList(Tensors.l2Normalize(projected));
    }

    /** Builds an {@link ImageEncoder}: embedding dimension and image size are required. */
    public static final class Builder {
        private int embeddingDim = -1;
        private int width = 32;
        private int imageSize = -1;

        private Builder() {}

        public Builder setEmbeddingDim(int embeddingDim) {
            this.embeddingDim = embeddingDim;
            return this;
        }

        /** Channels of the first convolution (default 32); later ones double up to 8·width. */
        public Builder optWidth(int width) {
            this.width = width;
            return this;
        }

        /** Side S of the square input images: 4·2^k with k at least 1. */
        public Builder setImageSize(int imageSize) {
            this.imageSize = imageSize;
            return this;
        }

        public ImageEncoder build() {
            TextEncoder.requirePositive("embeddingDim", embeddingDim);
            TextEncoder.requirePositive("width", width);
            if (imageSize < 8 || imageSize % 4 != 0 || Integer.bitCount(imageSize / 4) != 1) {
                throw new IllegalArgumentException("imageSize must be 4·2^k and at least 8, got " + imageSize);
            }
            return new ImageEncoder(this);
        }
    }
}
