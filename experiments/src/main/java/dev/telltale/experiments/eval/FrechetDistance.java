package dev.telltale.experiments.eval;

/**
 * The Fréchet distance between two Gaussians fitted to feature sets (Heusel et al. 2017, FID when the
 * features come from Inception): |μa − μb|² + Tr(Σa + Σb − 2 (Σa Σb)^½).
 *
 * <p>Σa Σb is not symmetric, so its square root is taken through the similar symmetric matrix
 * Σa^½ Σb Σa^½ (same eigenvalues, so the same trace of the root); both roots come from symmetric
 * eigen decompositions, with eigenvalues that rounding pushes below zero clamped to 0.
 *
 * <p>The decompositions are Jacobi rotations: about a second for 256 features on one core, meant for
 * the domain classifiers' features; 2048-wide Inception pool features would take minutes.
 */
public final class FrechetDistance {

    private FrechetDistance() {
    }

    /**
     * @param a one feature row per sample of the first set (at least 2 rows)
     * @param b one feature row per sample of the second set, same width as {@code a}
     */
    public static double compute(double[][] a, double[][] b) {
        int dim = width(a, "a");
        if (width(b, "b") != dim) {
            throw new IllegalArgumentException("a and b must have the same feature width, got " + dim + " and " + b[0].length);
        }
        return fromStatistics(mean(a), covariance(a), mean(b), covariance(b));
    }

    /** The distance between Gaussians N(muA, sigmaA) and N(muB, sigmaB) (e.g. cached reference statistics). */
    public static double fromStatistics(double[] muA, double[][] sigmaA, double[] muB, double[][] sigmaB) {
        int dim = muA.length;
        if (muB.length != dim || sigmaA.length != dim || sigmaB.length != dim) {
            throw new IllegalArgumentException("means and covariances must share one dimension, got muA " + dim
                    + ", muB " + muB.length + ", sigmaA " + sigmaA.length + ", sigmaB " + sigmaB.length);
        }
        double meanTerm = 0;
        for (int i = 0; i < dim; i++) {
            meanTerm += (muA[i] - muB[i]) * (muA[i] - muB[i]);
        }
        double trace = 0;
        for (int i = 0; i < dim; i++) {
            trace += sigmaA[i][i] + sigmaB[i][i];
        }
        double[][] rootA = sqrtPsd(sigmaA);
        double[][] inner = multiply(multiply(rootA, sigmaB), rootA);
        symmetrize(inner);
        double traceRoot = 0;
        for (double lambda : SymmetricEigen.decompose(inner).values()) {
            traceRoot += Math.sqrt(Math.max(lambda, 0));
        }
        return meanTerm + trace - 2 * traceRoot;
    }

    static double[] mean(double[][] x) {
        int dim = x[0].length;
        double[] mu = new double[dim];
        for (double[] row : x) {
            for (int j = 0; j < dim; j++) {
                mu[j] += row[j];
            }
        }
        for (int j = 0; j < dim; j++) {
            mu[j] /= x.length;
        }
        return mu;
    }

    /** The unbiased (n − 1) sample covariance, as numpy's {@code cov} that the reference FID code uses. */
    static double[][] covariance(double[][] x) {
        int dim = x[0].length;
        double[] mu = mean(x);
        double[][] sigma = new double[dim][dim];
        double[] centred = new double[dim];
        for (double[] row : x) {
            for (int j = 0; j < dim; j++) {
                centred[j] = row[j] - mu[j];
            }
            for (int i = 0; i < dim; i++) {
                double ci = centred[i];
                for (int j = i; j < dim; j++) {
                    sigma[i][j] += ci * centred[j];
                }
            }
        }
        for (int i = 0; i < dim; i++) {
            for (int j = i; j < dim; j++) {
                sigma[i][j] /= (x.length - 1);
                sigma[j][i] = sigma[i][j];
            }
        }
        return sigma;
    }

    /** V diag(√max(λ, 0)) Vᵀ for a symmetric positive semi-definite matrix. */
    static double[][] sqrtPsd(double[][] sigma) {
        SymmetricEigen.Result eigen = SymmetricEigen.decompose(sigma);
        int n = sigma.length;
        double[][] v = eigen.vectors();
        double[] roots = new double[n];
        for (int i = 0; i < n; i++) {
            roots[i] = Math.sqrt(Math.max(eigen.values()[i], 0));
        }
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double sum = 0;
                for (int k = 0; k < n; k++) {
                    sum += v[i][k] * roots[k] * v[j][k];
                }
                out[i][j] = sum;
                out[j][i] = sum;
            }
        }
        return out;
    }

    private static double[][] multiply(double[][] x, double[][] y) {
        int n = x.length;
        int m = y[0].length;
        int inner = y.length;
        double[][] out = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < inner; k++) {
                double xik = x[i][k];
                if (xik == 0) {
                    continue;
                }
                for (int j = 0; j < m; j++) {
                    out[i][j] += xik * y[k][j];
                }
            }
        }
        return out;
    }

    private static void symmetrize(double[][] m) {
        for (int i = 0; i < m.length; i++) {
            for (int j = i + 1; j < m.length; j++) {
                double avg = (m[i][j] + m[j][i]) / 2;
                m[i][j] = avg;
                m[j][i] = avg;
            }
        }
    }

    private static int width(double[][] x, String name) {
        if (x == null || x.length < 2) {
            throw new IllegalArgumentException(name + " must hold at least 2 feature rows for a covariance");
        }
        int dim = x[0].length;
        if (dim == 0) {
            throw new IllegalArgumentException(name + " rows must hold at least one feature");
        }
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != dim) {
                throw new IllegalArgumentException(name + " row " + i + " has " + x[i].length + " features, row 0 has " + dim);
            }
        }
        return dim;
    }
}
