package dev.telltale.experiments.tganc;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * The temporal coherence constraint loss of TGANs-C-C: for each synthetic clip the sum over
 * consecutive frames of ‖v_{i+1} − v_i‖², averaged over the batch. Added to G's loss it pulls
 * neighbouring frames together, so the generator cannot flicker; its weight decides how much
 * motion it still allows.
 */
public final class TemporalCoherenceLoss {

    private TemporalCoherenceLoss() {}

    /** @param video (B, C, T, H, W) with T ≥ 2; returns a scalar. */
    public static NDArray of(NDArray video) {
        if (video.getShape().dimension() != 5 || video.getShape().get(2) < 2) {
            throw new IllegalArgumentException("video must be (batch, C, T >= 2, H, W), got " + video.getShape());
        }
        NDArray diff = video.get(new NDIndex(":, :, 1:")).sub(video.get(new NDIndex(":, :, :-1")));
        return diff.square().sum(new int[] {1, 2, 3, 4}).mean();
    }
}
