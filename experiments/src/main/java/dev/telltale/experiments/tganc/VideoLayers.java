package dev.telltale.experiments.tganc;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.convolutional.Conv3d;
import dev.telltale.experiments.stackgan.Blocks;

/**
 * Layers and checks the TGANs-C networks share. Videos inside the networks are (B, C, T, H, W), the
 * layout of libtorch's conv3d; datasets hand out (B, T, C, H, W), see {@link #toChannelsFirst}.
 */
final class VideoLayers {

    /** LeakyReLU slope of the discriminators (the DCGAN value the paper's networks follow). */
    static final float LEAK = 0.2f;

    private VideoLayers() {}

    /** 3×3×3 convolution, stride 1, padding 1, no bias (batch norm or tanh follows). */
    static Conv3d conv3(int filters) {
        return Conv3d.builder().setKernelShape(new Shape(3, 3, 3)).optPadding(new Shape(1, 1, 1))
                .setFilters(filters).optBias(false).build();
    }

    /** 1×3×3 convolution of each frame alone (padding 1 in space), no bias: a 2-D layer shared over time. */
    static Conv3d conv2in3(int filters) {
        return Conv3d.builder().setKernelShape(new Shape(1, 3, 3)).optPadding(new Shape(0, 1, 1))
                .setFilters(filters).optBias(false).build();
    }

    /** 4×4×4 convolution, stride 2, padding 1: halves time, height and width. */
    static Conv3d down3(int filters) {
        return Conv3d.builder().setKernelShape(new Shape(4, 4, 4)).optStride(new Shape(2, 2, 2))
                .optPadding(new Shape(1, 1, 1)).setFilters(filters).optBias(false).build();
    }

    /** 4×4 convolution, stride 2, padding 1: halves height and width of each frame. */
    static Conv2d down2(int filters) {
        return Conv2d.builder().setKernelShape(new Shape(4, 4)).optStride(new Shape(2, 2))
                .optPadding(new Shape(1, 1)).setFilters(filters).optBias(false).build();
    }

    /** 1×1 convolution that mixes the features with the tiled sentence (the discriminators' joint layer). */
    static Conv2d joint2(int filters) {
        return Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(filters).optBias(false).build();
    }

    static Conv3d joint3(int filters) {
        return Conv3d.builder().setKernelShape(new Shape(1, 1, 1)).setFilters(filters).optBias(false).build();
    }

    /**
     * Nearest 2× upsampling in time and space of (B, C, T, H, W): DJL has no (3-D) transposed
     * convolution (djl.md bug 3), so G upsamples and then convolves, as StackGAN's code does in 2-D.
     */
    static NDArray upsample3(NDArray x) {
        return x.repeat(2, 2).repeat(3, 2).repeat(4, 2);
    }

    /** Nearest 2× upsampling in space only of (B, C, T, H, W). */
    static NDArray upsample2in3(NDArray x) {
        return x.repeat(3, 2).repeat(4, 2);
    }

    /** (B, T, C, H, W) ↔ (B, C, T, H, W). */
    static NDArray toChannelsFirst(NDArray btchw) {
        return btchw.transpose(0, 2, 1, 3, 4);
    }

    static NDArray toTimeFirst(NDArray bcthw) {
        return bcthw.transpose(0, 2, 1, 3, 4);
    }

    /** A condition (B, C) replicated over the trailing dims. */
    static NDArray tile(NDArray condition, long... dims) {
        Shape s = condition.getShape();
        long[] unit = new long[2 + dims.length];
        long[] full = new long[2 + dims.length];
        unit[0] = full[0] = s.get(0);
        unit[1] = full[1] = s.get(1);
        for (int i = 0; i < dims.length; i++) {
            unit[2 + i] = 1;
            full[2 + i] = dims[i];
        }
        return condition.reshape(new Shape(unit)).broadcast(new Shape(full));
    }

    /** Checks that {@code size} is divisible by 2^levels (the stride-2 stack must end on whole cells). */
    static void requireDivisible(String name, int size, int levels) {
        if (size < (1 << levels) || size % (1 << levels) != 0) {
            throw new IllegalArgumentException(name + " must be a positive multiple of 2^levels = " + (1 << levels) + ", got " + size);
        }
    }

    static void requirePositive(String name, int value) {
        Blocks.requirePositive(name, value);
    }

    static void requireShape(String name, NDArray x, long... expected) {
        Blocks.requireShape(name, x, expected);
    }
}
