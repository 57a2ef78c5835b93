package dev.telltale.experiments.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FrechetDistanceTest {

    @Test
    void oneDimensionalIsMeanGapSquaredPlusStdGapSquared() {
        double[][] a = {{1}, {2}, {3}, {4}};
        double[][] b = {{2}, {4}, {7}};
        // by hand: mean a = 5/2, var a = (9/4 + 1/4 + 1/4 + 9/4) / 3 = 5/3
        //          mean b = 13/3, var b = (49/9 + 1/9 + 64/9) / 2 = 19/3
        double expected = Math.pow(13.0 / 3 - 2.5, 2) + Math.pow(Math.sqrt(5.0 / 3) - Math.sqrt(19.0 / 3), 2);
        assertEquals(expected, FrechetDistance.compute(a, b), 1e-10);
        assertEquals(expected, FrechetDistance.compute(b, a), 1e-10);
    }

    @Test
    void diagonalCovariancesGiveSumOfStdGapsSquared() {
        // the cross {±s1 e1, ±s2 e2} + mu has mean mu and covariance diag(2 s1²/3, 2 s2²/3)
        double[][] a = cross(3, 1, new double[] {1, -2});
        double[][] b = cross(0.5, 2, new double[] {4, 2});
        double expected = (9 + 16) + 2.0 / 3 * (Math.pow(3 - 0.5, 2) + Math.pow(1 - 2, 2));
        assertEquals(expected, FrechetDistance.compute(a, b), 1e-10);
    }

    @Test
    void identicalSetsAreAtDistanceZeroAndShiftsAddTheirSquaredLength() {
        Random random = new Random(7);
        double[][] a = new double[60][6];
        for (double[] row : a) {
            for (int j = 0; j < row.length; j++) {
                row[j] = random.nextGaussian() * (j + 1) + (j == 2 ? row[0] : 0);
            }
        }
        assertEquals(0.0, FrechetDistance.compute(a, a), 1e-9);
        double[] shift = {1, 0, -2, 0.5, 0, 3};
        double[][] b = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            b[i] = a[i].clone();
            for (int j = 0; j < shift.length; j++) {
                b[i][j] += shift[j];
            }
        }
        assertEquals(1 + 4 + 0.25 + 9, FrechetDistance.compute(a, b), 1e-9);
    }

    @Test
    void rotatedSetMatchesTheTwoByTwoClosedForm() {
        // Σa = diag(p, q), Σb = R Σa Rᵀ: the two do not commute. For 2x2 PSD M, Tr √M = √(Tr M + 2 √det M),
        // with M = Σa^½ Σb Σa^½: Tr M = Tr(Σa Σb) = (p² + q²) cos² φ + 2pq sin² φ, det M = p² q².
        double s1 = 2;
        double s2 = 0.5;
        double phi = Math.toRadians(30);
        double[][] a = cross(s1, s2, new double[] {0, 0});
        double[][] b = new double[a.length][];
        double c = Math.cos(phi);
        double s = Math.sin(phi);
        for (int i = 0; i < a.length; i++) {
            b[i] = new double[] {c * a[i][0] - s * a[i][1], s * a[i][0] + c * a[i][1]};
        }
        double p = 2 * s1 * s1 / 3;
        double q = 2 * s2 * s2 / 3;
        double trM = (p * p + q * q) * c * c + 2 * p * q * s * s;
        double expected = 2 * (p + q) - 2 * Math.sqrt(trM + 2 * p * q);
        assertEquals(expected, FrechetDistance.compute(a, b), 1e-10);
        // a naive entrywise root of Σa Σb would not give this: the value is strictly between 0 and the 90° case
        double quarterTurn = 2 * Math.pow(Math.sqrt(p) - Math.sqrt(q), 2);
        double value = FrechetDistance.compute(a, b);
        assertEquals(true, value > 0.01 && value < quarterTurn);
    }

    @Test
    void jacobiDecompositionReconstructsTheMatrix() {
        Random random = new Random(3);
        int n = 9;
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                m[i][j] = random.nextGaussian();
                m[j][i] = m[i][j];
            }
        }
        SymmetricEigen.Result eigen = SymmetricEigen.decompose(m);
        double[][] v = eigen.vectors();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double rebuilt = 0;
                double gram = 0;
                for (int k = 0; k < n; k++) {
                    rebuilt += v[i][k] * eigen.values()[k] * v[j][k];
                    gram += v[k][i] * v[k][j];
                }
                assertEquals(m[i][j], rebuilt, 1e-10);
                assertEquals(i == j ? 1.0 : 0.0, gram, 1e-10);
            }
        }
    }

    @Test
    void badInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> FrechetDistance.compute(new double[][] {{1, 2}}, new double[][] {{1, 2}, {3, 4}}));
        assertThrows(IllegalArgumentException.class,
                () -> FrechetDistance.compute(new double[][] {{1, 2}, {3, 4}}, new double[][] {{1}, {3}}));
        assertThrows(IllegalArgumentException.class,
                () -> FrechetDistance.compute(new double[][] {{1, 2}, {3}}, new double[][] {{1, 2}, {3, 4}}));
    }

    private static double[][] cross(double s1, double s2, double[] mu) {
        return new double[][] {
            {mu[0] + s1, mu[1]}, {mu[0] - s1, mu[1]}, {mu[0], mu[1] + s2}, {mu[0], mu[1] - s2}};
    }
}
