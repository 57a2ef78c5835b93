package dev.telltale.backend.ranking;

import java.util.List;

/**
 * The pairwise preferences a ranking implies: ranked above is a win, a tie half a win to each.
 * {@code wins[i][j]} counts (weighted) how often i was preferred to j.
 */
public final class PairwiseWins {

    private PairwiseWins() {}

    public static double[][] of(List<Ranking> rankings) {
        return of(rankings, Rankings.ones(rankings.size()));
    }

    public static double[][] of(List<Ranking> rankings, double[] weights) {
        int n = Rankings.items(rankings);
        Rankings.checkWeights(rankings, weights);
        double[][] wins = new double[n][n];
        for (int k = 0; k < rankings.size(); k++) {
            double w = weights[k];
            Ranking r = rankings.get(k);
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    if (r.rank(i) < r.rank(j)) {
                        wins[i][j] += w;
                    } else if (r.rank(i) > r.rank(j)) {
                        wins[j][i] += w;
                    } else {
                        wins[i][j] += w / 2;
                        wins[j][i] += w / 2;
                    }
                }
            }
        }
        return wins;
    }

    /** {@code rate[i][j]}: the share of i-versus-j comparisons that i won; NaN where they never met (and on the diagonal). */
    public static double[][] winRates(double[][] wins) {
        int n = wins.length;
        double[][] rate = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double games = wins[i][j] + wins[j][i];
                rate[i][j] = i == j || games == 0 ? Double.NaN : wins[i][j] / games;
            }
        }
        return rate;
    }
}
