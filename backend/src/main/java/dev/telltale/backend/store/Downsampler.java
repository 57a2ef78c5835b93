package dev.telltale.backend.store;

import java.util.Arrays;

/**
 * Min/max bucket downsampling: the index range is cut into maxPoints/2 buckets and each bucket
 * keeps its lowest and its highest point, in step order. Unlike averaging or plain striding, a
 * one-step spike always survives, which is what a loss chart must show.
 */
public final class Downsampler {

    private Downsampler() {}

    public static SeriesView minMax(
            String key, long[] steps, double[] values, long[] times, int lo, int hi, int maxPoints) {
        if (maxPoints < 2) {
            throw new IllegalArgumentException("maxPoints must be at least 2");
        }
        int n = hi - lo;
        if (n <= maxPoints) {
            return new SeriesView(key, n, false,
                    Arrays.copyOfRange(steps, lo, hi), Arrays.copyOfRange(values, lo, hi), Arrays.copyOfRange(times, lo, hi));
        }
        int buckets = maxPoints / 2;
        long[] outSteps = new long[buckets * 2];
        double[] outValues = new double[buckets * 2];
        long[] outTimes = new long[buckets * 2];
        int out = 0;
        for (int b = 0; b < buckets; b++) {
            int start = lo + (int) ((long) b * n / buckets);
            int end = lo + (int) ((long) (b + 1) * n / buckets);
            int iMin = start;
            int iMax = start;
            for (int i = start + 1; i < end; i++) {
                double v = values[i];
                if (v < values[iMin]) {
                    iMin = i;
                } else if (v > values[iMax]) {
                    iMax = i;
                }
            }
            int first = Math.min(iMin, iMax);
            int second = Math.max(iMin, iMax);
            outSteps[out] = steps[first];
            outValues[out] = values[first];
            outTimes[out] = times[first];
            out++;
            if (second != first) {
                outSteps[out] = steps[second];
                outValues[out] = values[second];
                outTimes[out] = times[second];
                out++;
            }
        }
        return new SeriesView(key, n, true,
                Arrays.copyOf(outSteps, out), Arrays.copyOf(outValues, out), Arrays.copyOf(outTimes, out));
    }
}
