package dev.telltale.experiments.train;

import java.util.List;
import java.util.Map;

/**
 * Scores generated images against what their captions asked for (Inception score, FID, caption
 * accuracy...). Kept as an interface so training does not care whether the judge is the project's
 * domain classifier or a user's TorchScript Inception model.
 */
public interface ImageJudge {

    /**
     * Metrics (names as logged, e.g. "is_mean", "fid", "caption_accuracy") for {@code images}
     * (each 3 × size × size in [-1, 1]) meant to show {@code intended} attributes.
     */
    Map<String, Double> judge(List<float[]> images, int size, List<Map<String, String>> intended);
}
