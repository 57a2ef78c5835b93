package dev.telltale.experiments.stackgan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;

/** Layers and tensor helpers shared by the StackGAN networks. */
public final class Blocks {

    /** LeakyReLU slope of every discriminator (as the official code). */
    static final float LEAK = 0.2f;

    private Blocks() {}

    /**
     * A scalar owned by libtorch, on the manager, device and type of {@code like}: {@code x.mul(0.5f)}
     * would wrap a Java buffer that autograd keeps after it is freed (djl.md bug 2).
     */
    public static NDArray scalar(NDArray like, float value) {
        return like.getManager().full(new Shape(), value, like.getDataType(), like.getDevice());
    }

    /** Nearest-neighbour 2× upsampling of (B, C, H, W); DJL has no transposed convolution (djl.md bug 3). */
    public static NDArray upsampleNearest(NDArray x) {
        return x.repeat(2, 2).repeat(3, 2);
    }

    /** A condition vector (B, C) replicated over space as (B, C, height, width). */
    public static NDArray tileSpatially(NDArray condition, long height, long width) {
        Shape shape = condition.getShape();
        return condition.reshape(shape.get(0), shape.get(1), 1, 1)
                .broadcast(new Shape(shape.get(0), shape.get(1), height, width));
    }

    /** 3×3 convolution, stride 1, padding 1, no bias (a batch norm or tanh follows, as in the official code). */
    public static Conv2d conv3x3(int filters) {
        return Conv2d.builder()
                .setKernelShape(new Shape(3, 3))
                .optPadding(new Shape(1, 1))
                .setFilters(filters)
                .optBias(false)
                .build();
    }

    /** 4×4 convolution, stride 2, padding 1, no bias: halves the side. */
    public static Conv2d downConv(int filters) {
        return Conv2d.builder()
                .setKernelShape(new Shape(4, 4))
                .optStride(new Shape(2, 2))
                .optPadding(new Shape(1, 1))
                .setFilters(filters)
                .optBias(false)
                .build();
    }

    /**
     * Makes a network's weights trainable or frozen, leaving batch-norm running statistics alone (they
     * never take gradients, and unfreezing them would make autograd track them). Freeze D during the
     * G step: an optimizer step zeroes only its own model's gradients (djl.md bug 4).
     */
    public static void setTrainable(Block block, boolean trainable) {
        block.freezeParameters(!trainable, p -> p.getType() != Parameter.Type.RUNNING_MEAN
                && p.getType() != Parameter.Type.RUNNING_VAR);
    }

    /**
     * Checks that {@code size} is 4·2^k with k at least {@code minLevels} and returns k, the number
     * of 2× steps between 4×4 and size×size.
     */
    static int levelsAbove4(String name, int size, int minLevels) {
        int minSize = 4 << minLevels;
        if (size < minSize || size % 4 != 0 || Integer.bitCount(size / 4) != 1) {
            throw new IllegalArgumentException(name + " must be 4·2^k and at least " + minSize + ", got " + size);
        }
        return Integer.numberOfTrailingZeros(size / 4);
    }

    /** A builder's required size: set and positive, else an error naming it. */
    public static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be set and positive, got " + value);
        }
    }

    /** An input's shape, a negative entry standing for any batch size; else an error naming the input. */
    public static void requireShape(String name, NDArray x, long... expected) {
        Shape shape = x.getShape();
        boolean ok = shape.dimension() == expected.length;
        for (int i = 0; ok && i < expected.length; i++) {
            ok = expected[i] < 0 || shape.get(i) == expected[i];
        }
        if (!ok) {
            throw new IllegalArgumentException(name + " must have shape " + describe(expected) + ", got " + shape);
        }
    }

    private static String describe(long[] dims) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(dims[i] < 0 ? "batch" : Long.toString(dims[i]));
        }
        return sb.append(')').toString();
    }
}
