package dev.telltale.backend.ranking;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap over captions and raters at once: each replicate draws the captions with
 * replacement and, independently, the raters, and counts a ranking once per (drawn caption, drawn
 * rater) pair it belongs to. Both sources of variation widen the interval: the paper's single
 * average over all judgements hides that a few captions or a few raters drive it.
 */
public final class Bootstrap {

    /** A statistic of weighted rankings, one value per item. */
    @FunctionalInterface
    public interface Statistic {
        double[] apply(List<Ranking> rankings, double[] weights);
    }

    /** A central interval per item, with the point estimate on all the data. */
    public record Interval(double estimate, double low, double high) {}

    private Bootstrap() {}

    /** 95 % intervals from {@code replicates} replicates drawn from {@code seed}. */
    public static Interval[] intervals(List<Ranking> rankings, Statistic statistic, int replicates, long seed) {
        return intervals(rankings, statistic, replicates, seed, 0.95);
    }

    public static Interval[] intervals(List<Ranking> rankings, Statistic statistic, int replicates, long seed, double level) {
        int n = Rankings.items(rankings);
        if (replicates < 1) {
            throw new IllegalArgumentException("replicates must be positive");
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must lie in (0, 1), got " + level);
        }
        Map<String, Integer> captionIndex = index(rankings, true);
        Map<String, Integer> raterIndex = index(rankings, false);
        int[] captionOf = new int[rankings.size()];
        int[] raterOf = new int[rankings.size()];
        for (int k = 0; k < rankings.size(); k++) {
            captionOf[k] = captionIndex.get(rankings.get(k).caption());
            raterOf[k] = raterIndex.get(rankings.get(k).rater());
        }
        double[] estimate = statistic.apply(rankings, Rankings.ones(rankings.size()));
        if (captionIndex.size() < 2 && raterIndex.size() < 2) {
            // one caption ranked by one rater: every resample is the sample, so there is no interval to
            // give (a zero-width one would claim a certainty nobody measured)
            Interval[] none = new Interval[n];
            for (int i = 0; i < n; i++) {
                none[i] = new Interval(estimate[i], Double.NaN, Double.NaN);
            }
            return none;
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<double[]> draws = new ArrayList<>(replicates);
        int attempts = 0;
        while (draws.size() < replicates && attempts < 20 * replicates) {
            attempts++;
            int[] captionCount = counts(random, captionIndex.size());
            int[] raterCount = counts(random, raterIndex.size());
            double[] weights = new double[rankings.size()];
            double total = 0;
            for (int k = 0; k < weights.length; k++) {
                weights[k] = (double) captionCount[captionOf[k]] * raterCount[raterOf[k]];
                total += weights[k];
            }
            // raters who ranked other captions than the ones drawn leave nothing to average: draw again
            if (total > 0) {
                draws.add(statistic.apply(rankings, weights));
            }
        }
        if (draws.isEmpty()) {
            throw new IllegalStateException("no replicate held a ranking");
        }
        Interval[] out = new Interval[n];
        double[] column = new double[draws.size()];
        for (int i = 0; i < n; i++) {
            for (int b = 0; b < draws.size(); b++) {
                column[b] = draws.get(b)[i];
            }
            Arrays.sort(column);
            out[i] = new Interval(estimate[i], quantile(column, (1 - level) / 2), quantile(column, (1 + level) / 2));
        }
        return out;
    }

    /** Average rank with its interval. */
    public static Interval[] averageRank(List<Ranking> rankings, int replicates, long seed) {
        return intervals(rankings, AverageRank::of, replicates, seed);
    }

    /** Bradley–Terry strengths with their interval; {@code pseudoTies} as in {@link BradleyTerry#fit(double[][], double)}. */
    public static Interval[] bradleyTerry(List<Ranking> rankings, double pseudoTies, int replicates, long seed) {
        return intervals(rankings, (rs, w) -> BradleyTerry.fit(PairwiseWins.of(rs, w), pseudoTies).strengths(), replicates, seed);
    }

    private static Map<String, Integer> index(List<Ranking> rankings, boolean captions) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Ranking r : rankings) {
            out.putIfAbsent(captions ? r.caption() : r.rater(), out.size());
        }
        return out;
    }

    private static int[] counts(SplittableRandom random, int n) {
        int[] c = new int[n];
        for (int i = 0; i < n; i++) {
            c[random.nextInt(n)]++;
        }
        return c;
    }

    /** Linear interpolation between order statistics (R's type 7). */
    static double quantile(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
