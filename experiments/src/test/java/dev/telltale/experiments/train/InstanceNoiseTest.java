package dev.telltale.experiments.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class InstanceNoiseTest {

    @Test
    void fallsLinearlyFromItsStartToZero() {
        InstanceNoise n = new InstanceNoise(0.2f, 100);
        assertEquals(0.2f, n.std(1), 1e-7);
        assertEquals(0.1f, n.std(51), 1e-7);
        assertEquals(0.002f, n.std(100), 1e-7);
        assertEquals(0f, n.std(101), 0f);
        assertEquals(0f, new InstanceNoise(0f, 100).std(1), 0f);
        assertThrows(IllegalArgumentException.class, () -> new InstanceNoise(-0.1f, 100));
    }

    @Test
    void addsZeroMeanNoiseOfTheGivenSpread() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray images = m.full(new Shape(8, 3, 32, 32), 0.5f);
            assertSame(images, InstanceNoise.apply(images, 0f), "no noise, no copy");
            NDArray noisy = InstanceNoise.apply(images, 0.3f);
            NDArray diff = noisy.sub(images);
            assertEquals(0.0, diff.mean().getFloat(), 0.01);
            double std = Math.sqrt(diff.pow(2).mean().getFloat());
            assertEquals(0.3, std, 0.01);
        }
    }
}
