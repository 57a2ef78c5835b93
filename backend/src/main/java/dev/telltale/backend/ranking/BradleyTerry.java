package dev.telltale.backend.ranking;

/**
 * Bradley–Terry strengths p (P(i beats j) = p_i / (p_i + p_j)) by maximum likelihood with Hunter's
 * (2004) MM iteration, the same fixed point as Zermelo's 1929 one:
 * p_i ← W_i / Σ_j n_ij / (p_i + p_j), with W_i the wins of i and n_ij the comparisons of i and j.
 * Strengths are normalised to sum to 1. The MLE exists only when every item both wins and loses
 * somewhere along connected comparisons; {@code pseudoTies} virtual ties between every pair (a
 * light prior) make it exist always, which bootstrap replicates of a few judgements need.
 */
public final class BradleyTerry {

    static final int MAX_ITERATIONS = 10_000;
    static final double TOLERANCE = 1e-12;

    private BradleyTerry() {}

    /** The strengths, how many iterations it took and whether the change fell below the tolerance. */
    public record Fit(double[] strengths, int iterations, boolean converged) {

        /** P(i preferred to j) under the fit. */
        public double probability(int i, int j) {
            return strengths[i] / (strengths[i] + strengths[j]);
        }
    }

    public static Fit fit(double[][] wins) {
        return fit(wins, 0);
    }

    public static Fit fit(double[][] wins, double pseudoTies) {
        int n = wins.length;
        if (n < 2) {
            throw new IllegalArgumentException("Bradley–Terry needs at least two items");
        }
        if (pseudoTies < 0) {
            throw new IllegalArgumentException("pseudoTies must not be negative");
        }
        double[][] w = new double[n][n];
        for (int i = 0; i < n; i++) {
            if (wins[i].length != n) {
                throw new IllegalArgumentException("the wins matrix is not square");
            }
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    if (wins[i][j] < 0 || !Double.isFinite(wins[i][j])) {
                        throw new IllegalArgumentException("wins[" + i + "][" + j + "] = " + wins[i][j]);
                    }
                    w[i][j] = wins[i][j] + pseudoTies / 2;
                }
            }
        }
        double[] total = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                total[i] += w[i][j];
            }
        }
        double[] p = new double[n];
        java.util.Arrays.fill(p, 1.0 / n);
        for (int it = 1; it <= MAX_ITERATIONS; it++) {
            double[] next = new double[n];
            double sum = 0;
            for (int i = 0; i < n; i++) {
                double denom = 0;
                for (int j = 0; j < n; j++) {
                    double games = w[i][j] + w[j][i];
                    if (j != i && games > 0) {
                        denom += games / (p[i] + p[j]);
                    }
                }
                // an item never compared keeps its strength
                next[i] = denom == 0 ? p[i] : total[i] / denom;
                sum += next[i];
            }
            double change = 0;
            for (int i = 0; i < n; i++) {
                next[i] /= sum;
                change = Math.max(change, Math.abs(next[i] - p[i]));
            }
            p = next;
            if (change < TOLERANCE) {
                return new Fit(p, it, true);
            }
        }
        return new Fit(p, MAX_ITERATIONS, false);
    }
}
