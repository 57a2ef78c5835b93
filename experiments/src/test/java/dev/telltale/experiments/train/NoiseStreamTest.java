package dev.telltale.experiments.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Generation seeds: every seed the API takes draws its own noise, and small seeds keep theirs. */
class NoiseStreamTest {

    @Test
    void seedsThatAgreeInTheirLow48BitsStillDrawDifferentNoise() {
        long seed = 5;
        assertNotEquals(Generators.noiseStream(seed).nextGaussian(), Generators.noiseStream(seed + (1L << 48)).nextGaussian());
        assertNotEquals(Generators.noiseStream((1L << 48) - 1).nextGaussian(), Generators.noiseStream(-1).nextGaussian());
        assertNotEquals(Generators.noiseStream(9_007_199_254_740_991L).nextGaussian(),
                Generators.noiseStream(9_007_199_254_740_991L - (1L << 48)).nextGaussian());
    }

    @Test
    void seedsBelow2To48KeepTheStreamTheyAlwaysHad() {
        for (long seed : new long[] {0, 5, 1234, (1L << 48) - 1}) {
            assertEquals(new Random(seed).nextGaussian(), Generators.noiseStream(seed).nextGaussian(), "seed " + seed);
        }
    }
}
