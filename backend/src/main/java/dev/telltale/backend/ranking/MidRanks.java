package dev.telltale.backend.ranking;

import java.util.Arrays;
import java.util.Comparator;

/** Ranks of values, smallest first, ties given the mean of the places they share. */
public final class MidRanks {

    private MidRanks() {}

    public static double[] of(double[] values) {
        int n = values.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(values[i])) {
                throw new IllegalArgumentException("value " + i + " is NaN");
            }
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
        double[] ranks = new double[n];
        for (int from = 0; from < n; ) {
            int to = from;
            while (to + 1 < n && values[order[to + 1]] == values[order[from]]) {
                to++;
            }
            double mid = (from + to) / 2.0 + 1;
            for (int k = from; k <= to; k++) {
                ranks[order[k]] = mid;
            }
            from = to + 1;
        }
        return ranks;
    }

    /** Σ (t³ − t) over the tie groups of a ranking: Kendall's correction for ties. */
    static double tieTerm(double[] ranks) {
        double[] sorted = ranks.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (int from = 0; from < sorted.length; ) {
            int to = from;
            while (to + 1 < sorted.length && sorted[to + 1] == sorted[from]) {
                to++;
            }
            double t = to - from + 1;
            sum += t * t * t - t;
            from = to + 1;
        }
        return sum;
    }
}
