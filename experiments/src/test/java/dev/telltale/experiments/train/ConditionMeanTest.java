package dev.telltale.experiments.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The condition of a real image: the mean of captionsPerImage of its captions' embeddings, drawn as StackGAN draws them. */
class ConditionMeanTest {

    private static float[][] oneHot(int n) {
        float[][] caps = new float[n][n];
        for (int i = 0; i < n; i++) {
            caps[i][i] = 1f;
        }
        return caps;
    }

    @Test
    void fourOfTenCaptionsAreFourDistinctOnes() {
        Random random = new Random(3);
        for (int draw = 0; draw < 500; draw++) {
            float[] mean = StackGanTraining.meanOfDistinct(oneHot(10), 4, random);
            int used = 0;
            for (float v : mean) {
                if (v != 0f) {
                    // with replacement a caption drawn twice would weigh 0.5
                    assertEquals(0.25f, v, 1e-6f);
                    used++;
                }
            }
            assertEquals(4, used, "draw " + draw);
        }
    }

    @Test
    void fewerCaptionsThanAskedAreAllAveraged() {
        float[] mean = StackGanTraining.meanOfDistinct(oneHot(3), 4, new Random(1));
        for (float v : mean) {
            assertEquals(1f / 3, v, 1e-6f);
        }
    }
}
