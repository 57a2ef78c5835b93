package dev.telltale.experiments.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class InceptionScoreTest {

    @Test
    void uniformPredictionsScoreOne() {
        float[][] p = new float[40][5];
        for (float[] row : p) {
            Arrays.fill(row, 0.2f);
        }
        InceptionScore.Score score = InceptionScore.compute(p, 10);
        assertEquals(1.0, score.mean(), 1e-6);
        assertEquals(0.0, score.std(), 1e-6);
        assertEquals(40, score.n());
    }

    @Test
    void confidentPredictionsSpreadEvenlyOverKClassesScoreK() {
        int k = 7;
        // every split of 2k consecutive rows sees each class exactly twice
        float[][] p = new float[10 * 2 * k][k];
        for (int i = 0; i < p.length; i++) {
            p[i][i % k] = 1f;
        }
        InceptionScore.Score score = InceptionScore.compute(p, 10);
        assertEquals(k, score.mean(), 1e-6);
        assertEquals(0.0, score.std(), 1e-6);
    }

    @Test
    void mixedSplitMatchesHandComputation() {
        // rows (1/2, 1/2) and (1, 0): marginal (3/4, 1/4)
        // KL1 = 1/2 ln(2/3) + 1/2 ln 2, KL2 = ln(4/3); score = exp((KL1 + KL2) / 2)
        float[][] p = {{0.5f, 0.5f}, {1f, 0f}};
        double kl1 = 0.5 * Math.log(2.0 / 3.0) + 0.5 * Math.log(2.0);
        double kl2 = Math.log(4.0 / 3.0);
        assertEquals(Math.exp((kl1 + kl2) / 2), InceptionScore.compute(p, 1).mean(), 1e-9);
    }

    @Test
    void eachSplitUsesItsOwnMarginal() {
        // split 1: two uniform rows -> 1; split 2: two confident rows on different classes -> 2
        float[][] p = {{0.5f, 0.5f}, {0.5f, 0.5f}, {1f, 0f}, {0f, 1f}};
        InceptionScore.Score score = InceptionScore.compute(p, 2);
        assertEquals(1.5, score.mean(), 1e-9);
        assertEquals(0.5, score.std(), 1e-9);
        // one split over all four rows: marginal (1/2, 1/2), KL = (0 + 0 + ln 2 + ln 2) / 4
        assertEquals(Math.exp(Math.log(2) / 2), InceptionScore.compute(p, 1).mean(), 1e-9);
    }

    @Test
    void badInputIsRejected() {
        float[][] p = {{0.5f, 0.5f}, {1f, 0f}};
        assertThrows(IllegalArgumentException.class, () -> InceptionScore.compute(p, 3));
        assertThrows(IllegalArgumentException.class, () -> InceptionScore.compute(p, 0));
        assertThrows(IllegalArgumentException.class, () -> InceptionScore.compute(new float[][] {{0.5f, 0.5f}, {1f}}, 1));
        assertThrows(IllegalArgumentException.class, () -> InceptionScore.compute(new float[0][], 1));
        assertThrows(IllegalArgumentException.class, () -> InceptionScore.compute(new float[][] {{-0.5f, 1.5f}}, 1));
    }
}
