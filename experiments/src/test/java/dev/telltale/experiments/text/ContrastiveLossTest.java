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
    void extraNegativeCaptionsCompeteForEachImageOnly() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray text = m.create(new float[] {1, 0, 0, 1}, new Shape(2, 2));
            NDArray image = m.create(new float[] {1, 0, 0.6f, 0.8f}, new Shape(2, 2));
            // one extra caption (0.8, 0.6): cosines 0.8 with image 1 and 0.96 with image 2
            NDArray extra = m.create(new float[] {0.8f, 0.6f}, new Shape(1, 2));
            float temperature = 0.5f;
            // logits as above plus the extra row [1.6, 1.92]: each image's column gains a competitor,
            // each caption's row over the two images is as before
            double row1 = Math.log1p(Math.exp(1.2 - 2));
            double row2 = Math.log1p(Math.exp(0 - 1.6));
            double col1 = -2 + Math.log(Math.exp(2) + Math.exp(0) + Math.exp(1.6));
            double col2 = -1.6 + Math.log(Math.exp(1.2) + Math.exp(1.6) + Math.exp(1.92));
            double expected = ((row1 + row2) / 2 + (col1 + col2) / 2) / 2;
            assertEquals(expected, ContrastiveLoss.computeWithNegatives(text, extra, image, temperature).getFloat(), 1e-5);
            // a negative far from every image leaves nearly the plain loss
            NDArray far = m.create(new float[] {-1, -1}, new Shape(1, 2));
            double plain = ContrastiveLoss.compute(text, image, 0.05f).getFloat();
            assertEquals(plain, ContrastiveLoss.computeWithNegatives(text, far, image, 0.05f).getFloat(), 1e-4);
            assertThrows(IllegalArgumentException.class,
                    () -> ContrastiveLoss.computeWithNegatives(text, m.zeros(new Shape(1, 3)), image, temperature));
        }
    }

    @Test
    void captionsThatSayTheSameAsAnotherImageAreLeftOutOfItsChoice() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray text = m.create(new float[] {1, 0, 0, 1}, new Shape(2, 2));
            NDArray image = m.create(new float[] {1, 0, 0.6f, 0.8f}, new Shape(2, 2));
            NDArray extra = m.create(new float[] {0.8f, 0.6f}, new Shape(1, 2));
            float temperature = 0.5f;
            // logits [[2, 1.2], [0, 1.6], [1.6, 1.92]]; caption 1 says what image 2 shows (and so image 2
            // what caption 1 says), the extra caption says what image 2 shows: those three leave the sums
            boolean[][] same = {{true, true}, {false, true}, {false, true}};
            double row1 = 0; // caption 1 picks among image 1 alone
            double row2 = Math.log1p(Math.exp(0 - 1.6));
            double col1 = -2 + Math.log(Math.exp(2) + Math.exp(0) + Math.exp(1.6)); // image 1: all three captions
            double col2 = 0; // image 2: its own caption alone
            double expected = ((row1 + row2) / 2 + (col1 + col2) / 2) / 2;
            assertEquals(expected, ContrastiveLoss.computeMasked(text, extra, image, same, temperature).getFloat(), 1e-5);
            // nothing left out: the loss with negatives
            boolean[][] none = new boolean[3][2];
            assertEquals(ContrastiveLoss.computeWithNegatives(text, extra, image, temperature).getFloat(),
                    ContrastiveLoss.computeMasked(text, extra, image, none, temperature).getFloat(), 1e-6);
            assertThrows(IllegalArgumentException.class,
                    () -> ContrastiveLoss.computeMasked(text, extra, image, new boolean[2][2], temperature));
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
