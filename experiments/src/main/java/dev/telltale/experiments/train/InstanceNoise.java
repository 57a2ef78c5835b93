package dev.telltale.experiments.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Instance noise (Sønderby et al. 2017; not in StackGAN): Gaussian noise added to every image the
 * discriminator sees, real and generated, its standard deviation falling linearly from {@code start}
 * at step 1 to 0 after the last step. On flat synthetic images a discriminator otherwise separates
 * real from generated outright within a few hundred steps and the generator's gradient says little.
 */
public record InstanceNoise(float start, long steps) {

    public InstanceNoise {
        if (start < 0 || steps < 1) {
            throw new IllegalArgumentException("instanceNoise must be >= 0 and steps >= 1, got " + start + ", " + steps);
        }
    }

    /** The standard deviation at this (1-based) step. */
    public float std(long step) {
        return start == 0 ? 0f : start * Math.max(0f, 1f - (float) (step - 1) / steps);
    }

    /** {@code images} plus noise of this standard deviation (the same array when it is 0). */
    public static NDArray apply(NDArray images, float std) {
        if (std <= 0) {
            return images;
        }
        NDManager m = images.getManager();
        // the draw holds no graph; the scale is a torch-owned scalar, safe under autograd (djl.md bug 2)
        return images.add(m.randomNormal(images.getShape()).mul(m.full(new Shape(), std)));
    }
}
