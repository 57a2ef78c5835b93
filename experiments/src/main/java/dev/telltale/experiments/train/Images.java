package dev.telltale.experiments.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/** Moving channels-first float images between Java arrays and NDArrays. */
public final class Images {

    private Images() {}

    /** Stacks images (each 3 × size × size) into one (B, 3, size, size) array. */
    public static NDArray batch(NDManager manager, List<float[]> images, int size) {
        int per = 3 * size * size;
        float[] all = new float[images.size() * per];
        for (int i = 0; i < images.size(); i++) {
            float[] img = images.get(i);
            if (img.length != per) {
                throw new IllegalArgumentException("image " + i + " holds " + img.length + " values, not 3 x " + size + " x " + size);
            }
            System.arraycopy(img, 0, all, i * per, per);
        }
        return manager.create(all, new Shape(images.size(), 3, size, size));
    }

    /** Splits a (B, 3, S, S) array back into B images. */
    public static List<float[]> unbatch(NDArray batch) {
        Shape s = batch.getShape();
        int b = (int) s.get(0);
        int per = (int) (s.size() / b);
        float[] all = batch.toFloatArray();
        java.util.ArrayList<float[]> out = new java.util.ArrayList<>(b);
        for (int i = 0; i < b; i++) {
            float[] img = new float[per];
            System.arraycopy(all, i * per, img, 0, per);
            out.add(img);
        }
        return out;
    }
}
