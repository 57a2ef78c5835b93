package dev.telltale.experiments.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/** Turns lists of channels-first images into batched NCHW arrays at the size a classifier wants. */
public final class ImageScoreInputs {

    /** DJL's PyTorch interpolation mode codes (checked by tests): 1 is (bi)linear, 2 is area. */
    static final int BILINEAR = 1;
    static final int AREA = 2;

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

    /**
     * Resizes an NCHW batch to target × target: bilinear (half-pixel centres, torch's default) when
     * enlarging, area averaging when shrinking (so a 64 px image read at 32 px is 2×2 block means rather
     * than an aliased sample); the same array when already that size.
     */
    public static NDArray resize(NDArray nchw, int target) {
        if (target < 1) {
            throw new IllegalArgumentException("target size must be positive, got " + target);
        }
        Shape shape = nchw.getShape();
        if (shape.get(2) == target && shape.get(3) == target) {
            return nchw;
        }
        boolean shrinking = shape.get(2) > target || shape.get(3) > target;
        return nchw.getNDArrayInternal().interpolation(new long[] {target, target}, shrinking ? AREA : BILINEAR, false);
    }
}
