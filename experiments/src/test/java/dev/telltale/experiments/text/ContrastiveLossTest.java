package dev.telltale.experiments.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class ContrastiveLossTest {

    @Test
    void matchesAHandComputationOnTwoPairs() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            // unit vectors: cosines t1·i1 = 1, t1·i2 = 0.6, t2·i1 = 0, t2·i2 = 0.8
            NDArray text = m.create(new float[] {1, 0, 0, 1}, new Shape(2, 2));
            NDArray image = m.create(new float[] {1, 0, 0.6f, 0.8f}, new Shape(2, 2));
            float temperature = 0.5f;
            // logits = cos / 0.5 = [[2, 1.2], [0, 1.6]]; CE with target k is log(1 + e^(other − own))
            double row1 = Math.log1p(Math.exp(1.2 - 2));
            double row2 = Math.log1p(Math.exp(0 - 1.6));
            double col1 = Math.log1p(Math.exp(0 - 2));
            double col2 = Math.log1p(Math.exp(1.2 - 1.6));
            double expected = ((row1 + row2) / 2 + (col1 + col2) / 2) / 2;
            assertEquals(expected, ContrastiveLoss.compute(text, image, temperature).getFloat(), 1e-6);
            // cosine similarity: scaling the embeddings changes nothing
            assertEquals(expected, ContrastiveLoss.compute(text.mul(3), image.mul(0.2f), temperature).getFloat(), 1e-6);
        }
    }

    @Test
    void autogradGradientMatchesFiniteDifferencesEvenAfterGarbageCollection() {
        Engine.getEngine("PyTorch").setRandomSeed(5);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray text = m.randomNormal(new Shape(3, 4));
            NDArray image = m.randomNormal(new Shape(3, 4));
            text.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray loss = ContrastiveLoss.compute(text, image, 0.3f);
                // a Java-owned scalar freed here would be read as garbage by backward (djl.md bug 2)
                for (int i = 0; i < 3; i++) {
                    System.gc();
                }
                gc.backward(loss);
            }
            float[] analytic = text.getGradient().toFloatArray();
            float[] base = text.toFloatArray();
            float[] numeric = new float[base.length];
            float h = 1e-2f;
            for (int i = 0; i < base.length; i++) {
                numeric[i] = (float) ((lossAt(m, base, i, h, image) - lossAt(m, base, i, -h, image)) / (2 * h));
            }
            assertArrayEquals(numeric, analytic, 2e-3f);
        }
    }

    private static double lossAt(NDManager m, float[] base, int index, float delta, NDArray image) {
        float[] moved = base.clone();
        moved[index] += delta;
        return ContrastiveLoss.compute(m.create(moved, new Shape(3, 4)), image, 0.3f).getFloat();
    }

    @Test
    void rejectsMismatchedShapesAndBadTemperature() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            assertThrows(IllegalArgumentException.class,
                    () -> ContrastiveLoss.compute(m.zeros(new Shape(2, 3)), m.zeros(new Shape(3, 3)), 0.1f));
            assertThrows(IllegalArgumentException.class,
                    () -> ContrastiveLoss.compute(m.ones(new Shape(2, 3)), m.ones(new Shape(2, 3)), 0f));
        }
    }
}
