package dev.telltale.experiments.eval;

/**
 * Eigen decomposition of a real symmetric matrix by cyclic Jacobi rotations. Jacobi is slow
 * (O(n³) per sweep, a handful of sweeps) but unconditionally stable and accurate for the small
 * feature dimensions of the domain classifiers (≤ a few hundred); it keeps the Fréchet distance free
 * of any linear-algebra dependency.
 */
final class SymmetricEigen {

    private static final int MAX_SWEEPS = 100;

    /** {@code vectors[k][i]} is component k of the eigenvector of {@code values[i]}. */
    record Result(double[] values, double[][] vectors) {
    }

    private SymmetricEigen() {
    }

    static Result decompose(double[][] symmetric) {
        int n = symmetric.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            if (symmetric[i].length != n) {
                throw new IllegalArgumentException("matrix must be square, row " + i + " has " + symmetric[i].length + " of " + n);
            }
            a[i] = symmetric[i].clone();
        }
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) {
            v[i][i] = 1;
        }
        double total = 0;
        for (double[] row : a) {
            for (double x : row) {
                total += x * x;
            }
        }
        double tolerance = 1e-30 * Math.max(total, Double.MIN_NORMAL);
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double off = 0;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    off += a[p][q] * a[p][q];
                }
            }
            if (off <= tolerance) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (a[p][q] != 0) {
                        rotate(a, v, p, q);
                    }
                }
            }
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = a[i][i];
        }
        return new Result(values, v);
    }

    /** Applies the rotation J in the (p, q) plane that zeroes a[p][q]: a ← Jᵀ a J, v ← v J. */
    private static void rotate(double[][] a, double[][] v, int p, int q) {
        int n = a.length;
        double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        // the smaller of the two rotation angles, written to avoid overflow for large theta
        double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        if (theta == 0) {
            t = 1;
        }
        double c = 1 / Math.sqrt(t * t + 1);
        double s = t * c;
        for (int k = 0; k < n; k++) {
            double akp = a[k][p];
            double akq = a[k][q];
            a[k][p] = c * akp - s * akq;
            a[k][q] = s * akp + c * akq;
        }
        for (int k = 0; k < n; k++) {
            double apk = a[p][k];
            double aqk = a[q][k];
            a[p][k] = c * apk - s * aqk;
            a[q][k] = s * apk + c * aqk;
        }
        a[p][q] = 0;
        a[q][p] = 0;
        for (int k = 0; k < n; k++) {
            double vkp = v[k][p];
            double vkq = v[k][q];
            v[k][p] = c * vkp - s * vkq;
            v[k][q] = s * vkp + c * vkq;
        }
    }
}
