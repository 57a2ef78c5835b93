package dev.telltale.experiments.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small CNN that reads a dataset's judged attributes off an image, one softmax head per attribute,
 * so that it can judge generated images (caption accuracy) and supply features for a Fréchet distance
 * on domains where no Inception network applies (synthetic shapes, coloured digits).
 *
 * <p>Trunk: a 3×3 convolution of {@code width} filters, then 4×4 stride-2 convolutions (doubling
 * filters up to 4 × width) until the map is 4×4 or smaller, ReLU after each, global average pooling,
 * and a fully connected layer of {@code 4 × width} units with ReLU: the penultimate features. Each head
 * is a linear layer over those features. No batch normalisation, so training and evaluation compute the
 * same function and a judge does not depend on batch statistics.
 *
 * <p>Input: N × 3 × imageSize × imageSize in [-1, 1]. Output: the logits of each head (N × classes) in
 * head order, followed by the features (N × 4·width) as the last element.
 */
public final class DomainClassifier extends AbstractBlock {

    private static final byte VERSION = 1;

    private final LinkedHashMap<String, Integer> heads;
    private final int imageSize;
    private final int width;
    private final Block trunk;
    private final List<Block> headBlocks = new ArrayList<>();

    private DomainClassifier(Builder builder) {
        super(VERSION);
        this.heads = new LinkedHashMap<>(builder.heads);
        this.imageSize = builder.imageSize;
        this.width = builder.width;
        SequentialBlock body = new SequentialBlock()
                .add(conv(width, 3, 1, 1))
                .add(Activation.reluBlock());
        int size = imageSize;
        int filters = width;
        while (size > 4) {
            filters = Math.min(filters * 2, 4 * width);
            body.add(conv(filters, 4, 2, 1)).add(Activation.reluBlock());
            size /= 2;
        }
        body.add(Pool.globalAvgPool2dBlock())
                .add(Linear.builder().setUnits(featureSize()).build())
                .add(Activation.reluBlock());
        this.trunk = addChildBlock("trunk", body);
        for (Map.Entry<String, Integer> head : heads.entrySet()) {
            headBlocks.add(addChildBlock("head_" + head.getKey(), Linear.builder().setUnits(head.getValue()).build()));
        }
    }

    private static Block conv(int filters, int kernel, int stride, int padding) {
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding))
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Head names (judged attributes) in output order, with the number of classes of each. */
    public Map<String, Integer> heads() {
        return Collections.unmodifiableMap(heads);
    }

    public int imageSize() {
        return imageSize;
    }

    public int width() {
        return width;
    }

    /** Width of the penultimate features, the last output. */
    public int featureSize() {
        return 4 * width;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray images = inputs.head();
        Shape shape = images.getShape();
        if (shape.dimension() != 4 || shape.get(1) != 3 || shape.get(2) != imageSize || shape.get(3) != imageSize) {
            throw new IllegalArgumentException("images must be N x 3 x " + imageSize + " x " + imageSize + ", got " + shape);
        }
        NDArray features = trunk.forward(parameterStore, new NDList(images), training, params).head();
        NDList out = new NDList(heads.size() + 1);
        for (Block head : headBlocks) {
            out.add(head.forward(parameterStore, new NDList(features), training, params).head());
        }
        out.add(features);
        return out;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long n = inputShapes[0].get(0);
        Shape[] out = new Shape[heads.size() + 1];
        int i = 0;
        for (int classes : heads.values()) {
            out[i++] = new Shape(n, classes);
        }
        out[i] = new Shape(n, featureSize());
        return out;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        trunk.initialize(manager, dataType, inputShapes);
        Shape features = trunk.getOutputShapes(inputShapes)[0];
        for (Block head : headBlocks) {
            head.initialize(manager, dataType, features);
        }
    }

    /** Builds a {@link DomainClassifier}: {@code setHeads} and {@code setImageSize} are required. */
    public static final class Builder {
        private LinkedHashMap<String, Integer> heads;
        private int imageSize;
        private int width = 32;

        private Builder() {
        }

        /** One head per judged attribute, in output order, with its number of classes (≥ 2). */
        public Builder setHeads(LinkedHashMap<String, Integer> classesPerHead) {
            this.heads = new LinkedHashMap<>(classesPerHead);
            return this;
        }

        /** Side of the square input images (≥ 4). */
        public Builder setImageSize(int imageSize) {
            this.imageSize = imageSize;
            return this;
        }

        /** Filters of the first convolution (default 32); the trunk widens to 4 × width. */
        public Builder optWidth(int width) {
            this.width = width;
            return this;
        }

        public DomainClassifier build() {
            if (heads == null || heads.isEmpty()) {
                throw new IllegalArgumentException("heads must name at least one judged attribute (setHeads)");
            }
            for (Map.Entry<String, Integer> head : heads.entrySet()) {
                if (head.getKey() == null || head.getKey().isBlank()) {
                    throw new IllegalArgumentException("heads: a head needs a name");
                }
                if (head.getValue() == null || head.getValue() < 2) {
                    throw new IllegalArgumentException("heads: head '" + head.getKey() + "' needs at least 2 classes, got "
                            + head.getValue());
                }
            }
            if (imageSize < 4) {
                throw new IllegalArgumentException("imageSize must be at least 4 (setImageSize), got " + imageSize);
            }
            if (width < 1) {
                throw new IllegalArgumentException("width must be positive, got " + width);
            }
            return new DomainClassifier(this);
        }
    }
}
