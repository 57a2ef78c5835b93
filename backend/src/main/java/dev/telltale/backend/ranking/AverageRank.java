package dev.telltale.backend.ranking;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The StackGAN paper's human measure: each item's mean rank (1 = best), ties as mid-ranks. */
public final class AverageRank {

    private AverageRank() {}

    public static double[] of(List<Ranking> rankings) {
        return of(rankings, Rankings.ones(rankings.size()));
    }

    /** Weighted by how often each ranking counts (a bootstrap replicate's multiplicities). */
    public static double[] of(List<Ranking> rankings, double[] weights) {
        int n = Rankings.items(rankings);
        Rankings.checkWeights(rankings, weights);
        double[] sum = new double[n];
        double total = 0;
        for (int k = 0; k < rankings.size(); k++) {
            double w = weights[k];
            if (w == 0) {
                continue;
            }
            total += w;
            for (int i = 0; i < n; i++) {
                sum[i] += w * rankings.get(k).rank(i);
            }
        }
        if (total <= 0) {
            throw new IllegalArgumentException("no ranking has weight");
        }
        for (int i = 0; i < n; i++) {
            sum[i] /= total;
        }
        return sum;
    }

    /** The mean rank per item for each caption on its own. */
    public static Map<String, double[]> perCaption(List<Ranking> rankings) {
        Map<String, double[]> out = new LinkedHashMap<>();
        Rankings.byCaption(rankings).forEach((caption, rs) -> out.put(caption, of(rs)));
        return out;
    }
}
