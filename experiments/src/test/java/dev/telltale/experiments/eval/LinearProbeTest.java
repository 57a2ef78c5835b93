package dev.telltale.experiments.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LinearProbeTest {

    /** Rows of noise in which class c, if {@code signal}, adds 3 to coordinate c, all shifted and scaled. */
    private static float[][] rows(int[] labels, boolean signal, long seed) {
        Random r = new Random(seed);
        float[][] x = new float[labels.length][8];
        for (int i = 0; i < labels.length; i++) {
            for (int j = 0; j < 8; j++) {
                // an offset and a scale the probe's standardising has to undo
                x[i][j] = (float) (40 + 0.01 * (r.nextGaussian() + (signal && j == labels[i] ? 3 : 0)));
            }
        }
        return x;
    }

    private static int[] labels(int n, int classes, long seed) {
        Random r = new Random(seed);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(classes);
        }
        return y;
    }

    @Test
    void readsAClassThatIsLinearlyInTheFeaturesAndNotOneThatIsNot() {
        int[] train = labels(3000, 5, 1);
        int[] test = labels(1000, 5, 2);
        LinearProbe probe = LinearProbe.fit(rows(train, true, 3), train, 5, 10, 7);
        double acc = probe.accuracy(rows(test, true, 4), test);
        // the Bayes rate of 5 classes at 3 standard deviations apart is about 0.93
        assertTrue(acc > 0.88, "accuracy " + acc);
        LinearProbe blind = LinearProbe.fit(rows(train, false, 3), train, 5, 10, 7);
        double chance = blind.accuracy(rows(test, false, 4), test);
        assertTrue(chance < 0.3, "features without the class read at " + chance);
    }

    @Test
    void refusesRowsWithoutLabels() {
        assertThrows(IllegalArgumentException.class, () -> LinearProbe.fit(new float[2][3], new int[1], 2, 1, 1));
        assertEquals(1.0, LinearProbe.fit(new float[][] {{1f}, {-1f}}, new int[] {1, 0}, 2, 20, 1)
                .accuracy(new float[][] {{2f}, {-2f}}, new int[] {1, 0}));
    }
}
