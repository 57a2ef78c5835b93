package dev.telltale.experiments.stackgan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class MatchingAwareLossTest {

    private static final float[] REAL = {2f, -1f};
    private static final float[] WRONG = {0.5f, -0.5f};
    private static final float[] FAKE = {-3f, 1f, 40f};

    @Test
    void discriminatorLossMatchesAHandComputationAndItsGradients() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray real = grad(m, REAL);
            NDArray wrong = grad(m, WRONG);
            NDArray fake = grad(m, FAKE);
            NDList loss;
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                loss = MatchingAwareLoss.discriminator(real, wrong, fake);
                System.gc();
                gc.backward(loss.head());
            }
            double r = mean(REAL, x -> -Math.log(sigmoid(x)));
            double w = mean(WRONG, x -> -Math.log(1 - sigmoid(x)));
            double f = mean(FAKE, x -> x > 30 ? x : -Math.log(1 - sigmoid(x))); // −log(1−σ(40)) ≈ 40
            assertEquals(r, loss.get(1).getFloat(), 1e-5);
            assertEquals(w, loss.get(2).getFloat(), 1e-5);
            assertEquals(f, loss.get(3).getFloat(), 1e-4);
            assertEquals(r + (w + f) / 2, loss.get(0).getFloat(), 1e-4);
            // d/dx of −log σ(x) is σ(x) − 1; of −log(1 − σ(x)) is σ(x); then the weights 1, ½, ½ and the mean
            assertArrayEquals(map(REAL, x -> (sigmoid(x) - 1) / 2), real.getGradient().toFloatArray(), 1e-6f);
            assertArrayEquals(map(WRONG, x -> 0.5 * sigmoid(x) / 2), wrong.getGradient().toFloatArray(), 1e-6f);
            assertArrayEquals(map(FAKE, x -> 0.5 * sigmoid(x) / 3), fake.getGradient().toFloatArray(), 1e-6f);
        }
    }

    @Test
    void generatorLossMatchesAHandComputationAndItsGradient() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray fake = grad(m, FAKE);
            NDArray loss;
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                loss = MatchingAwareLoss.generator(fake);
                System.gc();
                gc.backward(loss);
            }
            assertEquals(mean(FAKE, x -> -Math.log(sigmoid(x))), loss.getFloat(), 1e-5);
            assertArrayEquals(map(FAKE, x -> (sigmoid(x) - 1) / 3), fake.getGradient().toFloatArray(), 1e-6f);
        }
    }

    @Test
    void negativesTakeTheirShareOfTheFakeSideByHandComputation() {
        float[] negatives = {1.5f, -2f, 0f, 3f};
        float share = 0.25f;
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray real = grad(m, REAL);
            NDArray wrong = grad(m, WRONG);
            NDArray fake = grad(m, FAKE);
            NDArray negative = grad(m, negatives);
            NDList loss;
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                loss = MatchingAwareLoss.discriminator(real, wrong, fake, negative, share);
                System.gc();
                gc.backward(loss.head());
            }
            double r = mean(REAL, x -> -Math.log(sigmoid(x)));
            double w = mean(WRONG, x -> -Math.log(1 - sigmoid(x)));
            double f = mean(FAKE, x -> x > 30 ? x : -Math.log(1 - sigmoid(x)));
            double n = mean(negatives, x -> -Math.log(1 - sigmoid(x)));
            assertEquals(n, loss.get(4).getFloat(), 1e-5);
            assertEquals(r + (w + (1 - share) * f + share * n) / 2, loss.get(0).getFloat(), 1e-4);
            assertArrayEquals(map(FAKE, x -> (1 - share) * 0.5 * sigmoid(x) / 3), fake.getGradient().toFloatArray(), 1e-6f);
            assertArrayEquals(map(negatives, x -> share * 0.5 * sigmoid(x) / 4), negative.getGradient().toFloatArray(), 1e-6f);
            // share 0 is the official loss
            NDList none = MatchingAwareLoss.discriminator(real, wrong, fake, negative, 0f);
            assertEquals(MatchingAwareLoss.discriminator(real, wrong, fake).head().getFloat(), none.head().getFloat(), 1e-6);
            assertThrows(IllegalArgumentException.class, () -> MatchingAwareLoss.discriminator(real, wrong, fake, negative, 1f));
        }
    }

    @Test
    void matchingAloneIsRealPlusWrongWithFullWeights() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray real = grad(m, REAL);
            NDArray wrong = grad(m, WRONG);
            NDList loss;
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                loss = MatchingAwareLoss.matching(real, wrong);
                System.gc();
                gc.backward(loss.head());
            }
            double r = mean(REAL, x -> -Math.log(sigmoid(x)));
            double w = mean(WRONG, x -> -Math.log(1 - sigmoid(x)));
            assertEquals(r, loss.get(1).getFloat(), 1e-5);
            assertEquals(w, loss.get(2).getFloat(), 1e-5);
            assertEquals(r + w, loss.get(0).getFloat(), 1e-5);
            assertArrayEquals(map(REAL, x -> (sigmoid(x) - 1) / 2), real.getGradient().toFloatArray(), 1e-6f);
            assertArrayEquals(map(WRONG, x -> sigmoid(x) / 2), wrong.getGradient().toFloatArray(), 1e-6f);
            assertThrows(IllegalArgumentException.class, () -> MatchingAwareLoss.matching(real, m.zeros(new Shape(0))));
        }
    }

    @Test
    void rejectsNonVectorLogits() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            assertThrows(IllegalArgumentException.class, () -> MatchingAwareLoss.generator(m.zeros(new Shape(2, 1))));
        }
    }

    private static NDArray grad(NDManager m, float[] values) {
        NDArray x = m.create(values);
        x.setRequiresGradient(true);
        return x;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static double mean(float[] xs, java.util.function.DoubleUnaryOperator f) {
        double sum = 0;
        for (float x : xs) {
            sum += f.applyAsDouble(x);
        }
        return sum / xs.length;
    }

    private static float[] map(float[] xs, java.util.function.DoubleUnaryOperator f) {
        float[] out = new float[xs.length];
        for (int i = 0; i < xs.length; i++) {
            out[i] = (float) f.applyAsDouble(xs[i]);
        }
        return out;
    }
}
