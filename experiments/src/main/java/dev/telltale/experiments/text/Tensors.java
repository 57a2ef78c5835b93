package dev.telltale.experiments.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** Small tensor helpers shared by the encoders and the contrastive loss. */
final class Tensors {

    private static final float NORM_EPSILON = 1e-12f;

    private Tensors() {}

    /**
     * A scalar owned by libtorch, on the manager, device and type of {@code like}. {@code like.mul(0.5f)}
     * would wrap a Java buffer that is freed while autograd still holds it (djl.md bug 2).
     */
    static NDArray scalar(NDArray like, float value) {
        return like.getManager().full(new Shape(), value, like.getDataType(), like.getDevice());
    }

    /** Rows of {@code x} (B, D) scaled to unit L2 norm; the epsilon keeps the gradient finite at zero. */
    static NDArray l2Normalize(NDArray x) {
        NDArray norm = x.square().sum(new int[] {1}, true).add(scalar(x, NORM_EPSILON)).sqrt();
        return x.div(norm);
    }
}
