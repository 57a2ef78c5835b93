package dev.telltale.experiments.eval;

import java.util.List;

/**
 * Temporal coherence of clips as a number to compare generated with real: the root-mean-square
 * pixel change between consecutive frames (in the [-1, 1] scale), averaged over frame pairs and
 * clips. Real bouncing digits move a few pixels a frame; a flickering generator scores far above
 * them, a frozen one far below.
 */
public final class TemporalCoherence {

    private TemporalCoherence() {}

    public static double mean(List<List<float[]>> clips) {
        if (clips.isEmpty()) {
            throw new IllegalArgumentException("no clips to measure");
        }
        double total = 0;
        int pairs = 0;
        for (List<float[]> clip : clips) {
            for (int t = 0; t + 1 < clip.size(); t++) {
                float[] a = clip.get(t);
                float[] b = clip.get(t + 1);
                double sum = 0;
                for (int i = 0; i < a.length; i++) {
                    double d = b[i] - a[i];
                    sum += d * d;
                }
                total += Math.sqrt(sum / a.length);
                pairs++;
            }
        }
        if (pairs == 0) {
            throw new IllegalArgumentException("clips need at least two frames");
        }
        return total / pairs;
    }
}
