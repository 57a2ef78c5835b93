package dev.telltale.experiments.data;

import java.util.SplittableRandom;

/** Derives independent, reproducible random streams from (seed, split, index) without shared state. */
final class Seeds {

    private Seeds() {
    }

    /** SplitMix64 finaliser: nearby inputs give unrelated outputs. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    static long derive(long seed, long... parts) {
        long h = mix(seed ^ 0x9e3779b97f4a7c15L);
        for (long part : parts) {
            h = mix(h ^ mix(part + 0x632be59bd9b4e019L));
        }
        return h;
    }

    /** The stream for one sample; the split takes part so TRAIN and TEST never share a stream. */
    static SplittableRandom forSample(long seed, String datasetId, Split split, int index) {
        return new SplittableRandom(derive(seed, datasetId.hashCode(), split.ordinal() + 1, index));
    }
}
