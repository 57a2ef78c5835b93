package dev.telltale.experiments.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/** Turns lists of channels-first images into batched NCHW arrays at the size a classifier wants. */
public final class ImageScoreInputs {

    /** DJL's PyTorch interpolation mode code for (bi)linear (0 nearest, 1 linear, 3 bicubic; checked by a test). */
    static final int BILINEAR = 1;

    private ImageScoreInputs() {
    }

    /**
     * Images {@code from} (inclusive) to {@code to} (exclusive) as one (to − from) × 3 × size × size array.
     *
     * @throws IllegalArgumentException when an image does not hold 3 × size × size values
     */
    public static NDArray batch(NDManager manager, List<float[]> imagesCHW, int size, int from, int to) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be positive, got " + size);
        }
        if (from < 0 || to > imagesCHW.size() || from >= to) {
            throw new IllegalArgumentException("image range [" + from + ", " + to + ") is not within the "
                    + imagesCHW.size() + " images");
        }
        int pixels = 3 * size * size;
        float[] flat = new float[(to - from) * pixels];
        for (int i = from; i < to; i++) {
            float[] image = imagesCHW.get(i);
            if (image == null || image.length != pixels) {
                throw new IllegalArgumentException("imagesCHW[" + i + "] must hold 3 x " + size + " x " + size + " = "
                        + pixels + " values, got " + (image == null ? "null" : String.valueOf(image.length)));
            }
            System.arraycopy(image, 0, flat, (i - from) * pixels, pixels);
        }
        return manager.create(flat, new Shape(to - from, 3, size, size));
    }

    /** Bilinear resize (half-pixel centres, as torch's default) of an NCHW batch; the same array when already that size. */
    public static NDArray resize(NDArray nchw, int target) {
        if (target < 1) {
            throw new IllegalArgumentException("target size must be positive, got " + target);
        }
        Shape shape = nchw.getShape();
        if (shape.get(2) == target && shape.get(3) == target) {
            return nchw;
        }
        return nchw.getNDArrayInternal().interpolation(new long[] {target, target}, BILINEAR, false);
    }
}
