package dev.telltale.backend.ranking;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kendall's coefficient of concordance among m rankings of the same n items, corrected for ties:
 * W = 12 S / (m² (n³ − n) − m Σ T), S the squared deviations of the items' rank sums from their
 * mean, T = Σ (t³ − t) over each ranking's tie groups. 1: all agree; 0: no agreement at all.
 */
public final class KendallW {

    private KendallW() {}

    /** W of rankings of one caption (NaN when fewer than two, or when every ranking ties everything). */
    public static double of(List<Ranking> rankings) {
        int n = Rankings.items(rankings);
        int m = rankings.size();
        if (m < 2) {
            return Double.NaN;
        }
        double[] sums = new double[n];
        double ties = 0;
        for (Ranking r : rankings) {
            for (int i = 0; i < n; i++) {
                sums[i] += r.rank(i);
            }
            ties += MidRanks.tieTerm(r.ranks());
        }
        double mean = m * (n + 1) / 2.0;
        double s = 0;
        for (double sum : sums) {
            s += (sum - mean) * (sum - mean);
        }
        double denom = (double) m * m * ((double) n * n * n - n) - m * ties;
        return denom <= 0 ? Double.NaN : 12 * s / denom;
    }

    /** W among the raters of each caption that two or more raters ranked. */
    public static Map<String, Double> perCaption(List<Ranking> rankings) {
        Map<String, Double> out = new LinkedHashMap<>();
        Rankings.byCaption(rankings).forEach((caption, rs) -> {
            double w = of(rs);
            if (!Double.isNaN(w)) {
                out.put(caption, w);
            }
        });
        return out;
    }

    /** The mean of the per-caption W (NaN when no caption has two raters). */
    public static double meanOverCaptions(List<Ranking> rankings) {
        return perCaption(rankings).values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
