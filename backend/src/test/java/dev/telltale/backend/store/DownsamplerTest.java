package dev.telltale.backend.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DownsamplerTest {

    private static long[] steps(int n) {
        long[] s = new long[n];
        for (int i = 0; i < n; i++) {
            s[i] = i * 10L;
        }
        return s;
    }

    @Test
    void shortSeriesComeBackWhole() {
        long[] st = steps(5);
        double[] v = {1, 2, 3, 4, 5};
        SeriesView view = Downsampler.minMax("k", st, v, st, 0, 5, 10);
        assertFalse(view.downsampled());
        assertArrayEquals(st, view.steps());
        assertArrayEquals(v, view.values());
    }

    @Test
    void everyBucketKeepsItsMinimumAndMaximumAndNoMoreThanMaxPoints() {
        int n = 100_003;
        int maxPoints = 2000;
        long[] st = steps(n);
        double[] v = new double[n];
        Random rnd = new Random(7);
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextGaussian();
        }
        v[54_321] = 1e6; // one-step spike
        v[99_999] = -1e6;
        SeriesView view = Downsampler.minMax("k", st, v, st, 0, n, maxPoints);
        assertTrue(view.downsampled());
        assertEquals(n, view.count());
        assertTrue(view.steps().length <= maxPoints, "at most maxPoints points");
        int buckets = maxPoints / 2;
        for (int b = 0; b < buckets; b++) {
            int start = (int) ((long) b * n / buckets);
            int end = (int) ((long) (b + 1) * n / buckets);
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int i = start; i < end; i++) {
                min = Math.min(min, v[i]);
                max = Math.max(max, v[i]);
            }
            assertTrue(contains(view, st[start], st[end - 1], min), "bucket " + b + " lost its minimum");
            assertTrue(contains(view, st[start], st[end - 1], max), "bucket " + b + " lost its maximum");
        }
        assertTrue(contains(view, 543_210, 543_210, 1e6), "the spike is kept at its own step");
        for (int i = 1; i < view.steps().length; i++) {
            assertTrue(view.steps()[i] > view.steps()[i - 1], "points stay in step order");
        }
    }

    private static boolean contains(SeriesView view, long fromStep, long toStep, double value) {
        for (int i = 0; i < view.steps().length; i++) {
            if (view.steps()[i] >= fromStep && view.steps()[i] <= toStep && view.values()[i] == value) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aSubRangeIsDownsampledOnItsOwn() {
        long[] st = steps(1000);
        double[] v = new double[1000];
        v[500] = 9;
        SeriesView view = Downsampler.minMax("k", st, v, st, 400, 600, 20);
        assertEquals(200, view.count());
        assertTrue(view.steps()[0] >= 4000 && view.steps()[view.steps().length - 1] < 6000);
        assertTrue(contains(view, 5000, 5000, 9));
    }
}
