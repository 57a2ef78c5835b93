package dev.telltale.experiments.eval;

/**
 * The Inception score of Salimans et al. (2016): exp(E_x KL(p(y|x) || p(y))), computed separately on
 * {@code splits} consecutive parts of the predictions (StackGAN reports 10), each part with its own
 * marginal p(y); the result is the mean and the population standard deviation over the parts.
 */
public final class InceptionScore {

    /** Keeps log(0) finite; a zero probability then contributes 0 · log(ε) = 0, as in the limit. */
    static final double EPSILON = 1e-12;

    /** Mean and standard deviation of the per-split scores over {@code n} images. */
    public record Score(double mean, double std, int n) {
    }

    private InceptionScore() {
    }

    /**
     * @param probabilities one row of class probabilities p(y|x) per image (rows sum to 1)
     * @param splits        how many consecutive parts to score separately (1 ≤ splits ≤ rows)
     */
    public static Score compute(float[][] probabilities, int splits) {
        int n = validate(probabilities, splits);
        int classes = probabilities[0].length;
        double[] scores = new double[splits];
        for (int s = 0; s < splits; s++) {
            // the same part boundaries as the reference: [s·n/splits, (s+1)·n/splits)
            int from = (int) ((long) s * n / splits);
            int to = (int) ((long) (s + 1) * n / splits);
            double[] marginal = new double[classes];
            for (int i = from; i < to; i++) {
                for (int c = 0; c < classes; c++) {
                    marginal[c] += probabilities[i][c];
                }
            }
            for (int c = 0; c < classes; c++) {
                marginal[c] /= (to - from);
            }
            double klSum = 0;
            for (int i = from; i < to; i++) {
                for (int c = 0; c < classes; c++) {
                    double p = probabilities[i][c];
                    klSum += p * (Math.log(p + EPSILON) - Math.log(marginal[c] + EPSILON));
                }
            }
            scores[s] = Math.exp(klSum / (to - from));
        }
        double mean = 0;
        for (double v : scores) {
            mean += v;
        }
        mean /= splits;
        double variance = 0;
        for (double v : scores) {
            variance += (v - mean) * (v - mean);
        }
        return new Score(mean, Math.sqrt(variance / splits), n);
    }

    private static int validate(float[][] probabilities, int splits) {
        if (probabilities == null || probabilities.length == 0) {
            throw new IllegalArgumentException("probabilities must hold at least one row");
        }
        int n = probabilities.length;
        if (splits < 1 || splits > n) {
            throw new IllegalArgumentException("splits must be in 1.." + n + " (the number of rows), got " + splits);
        }
        int classes = probabilities[0].length;
        if (classes == 0) {
            throw new IllegalArgumentException("probabilities rows must hold at least one class");
        }
        for (int i = 0; i < n; i++) {
            float[] row = probabilities[i];
            if (row == null || row.length != classes) {
                throw new IllegalArgumentException("probabilities row " + i + " has "
                        + (row == null ? "no" : String.valueOf(row.length)) + " values, row 0 has " + classes);
            }
            for (float p : row) {
                if (!(p >= 0f) || p > 1.0001f) {
                    throw new IllegalArgumentException("probabilities row " + i + " holds " + p + ", not a probability");
                }
            }
        }
        return n;
    }
}
