package dev.telltale.experiments.stackgan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;

/**
 * Negative data augmentation (Sinha et al., ICLR 2021) for the matching-aware discriminator: real
 * images blurred until their object is a blob of the right colour, size and place, each shown with its
 * own caption as a fake. Not in StackGAN. On captioned shapes the discriminator credited blobs with the
 * caption's shape (DiscriminatorProbe), so the generator stopped at blobs; these negatives fill that
 * gap with pairs that match in everything but a visible shape.
 */
public final class BlurredNegatives {

    private BlurredNegatives() {}

    /** The box radius for images of {@code size} px: a sixteenth of the side (2 px at 32), at least 1. */
    public static int radius(long size) {
        return (int) Math.max(1, size / 16);
    }

    /**
     * Two passes of a (2r+1)² box filter, close to a Gaussian of σ ≈ r: edges and corners go, each
     * colour's mass stays where it was. Borders average only the pixels inside, so a flat image is left
     * as it is. The result carries no gradient.
     *
     * @param images (N, C, H, W)
     */
    public static NDArray blur(NDArray images, int radius) {
        if (images.getShape().dimension() != 4) {
            throw new IllegalArgumentException("blur needs (N, C, H, W) images, got " + images.getShape());
        }
        if (radius < 1) {
            throw new IllegalArgumentException("blur radius must be at least 1, got " + radius);
        }
        Shape kernel = new Shape(2L * radius + 1, 2L * radius + 1);
        Shape one = new Shape(1, 1);
        Shape pad = new Shape(radius, radius);
        NDArray x = images.stopGradient();
        // DJL's avgPool2d counts the zero padding whatever countIncludePad says, so divide by the share
        // of each window inside the image ourselves
        Shape plane = images.getShape();
        NDArray inside = Pool.avgPool2d(images.getManager().ones(new Shape(1, 1, plane.get(2), plane.get(3))), kernel, one, pad, false, true);
        for (int pass = 0; pass < 2; pass++) {
            x = Pool.avgPool2d(x, kernel, one, pad, false, true).div(inside);
        }
        return x;
    }
}
