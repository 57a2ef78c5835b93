package dev.telltale.experiments.stackgan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class StageOneConsistencyTest {

    @Test
    void theLossIsTheMeanAbsoluteGapBetweenBlockMeansAndTheStageOnePixelsAndOnlyStageTwoGetsGradients() {
        // one image, one channel, 4×4 against 2×2: blocks of 2×2
        float[] big = {
            1, 3, 0, 0,
            1, 3, 0, 4,
            -1, -1, 2, 2,
            -1, -3, 2, 2};
        float[] small = {1, 2, 0, 2};
        // block means 2, 1, -1.5, 2; gaps 1, -1, -1.5, 0
        double expected = (1 + 1 + 1.5 + 0) / 4;
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray two = m.create(big, new Shape(1, 1, 4, 4));
            NDArray one = m.create(small, new Shape(1, 1, 2, 2));
            two.setRequiresGradient(true);
            one.setRequiresGradient(true);
            NDArray loss;
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                loss = StageOneConsistency.loss(two, one);
                gc.backward(loss);
            }
            assertEquals(expected, loss.getFloat(), 1e-6);
            // d/dpixel = sign(gap of its block) / (4 blocks × 4 pixels per block); sign(0) = 0
            float q = 1f / 16;
            float[] grad = {
                q, q, -q, -q,
                q, q, -q, -q,
                -q, -q, 0, 0,
                -q, -q, 0, 0};
            assertArrayEquals(grad, two.getGradient().toFloatArray(), 1e-7f);
            for (float g : one.getGradient().toFloatArray()) {
                assertEquals(0f, g, "the Stage-I image is a fixed target");
            }
        }
    }

    @Test
    void anUpsampledStageOneImageCostsNothingAndMismatchedShapesAreRefused() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray one = m.randomUniform(-1, 1, new Shape(2, 3, 8, 8));
            NDArray up = Blocks.upsampleNearest(Blocks.upsampleNearest(one));
            assertEquals(0f, StageOneConsistency.loss(up, one).getFloat(), 1e-7f);
            assertTrue(StageOneConsistency.loss(up.add(0.5f), one).getFloat() > 0.49f);
            assertThrows(IllegalArgumentException.class, () -> StageOneConsistency.loss(up, m.zeros(new Shape(2, 1, 8, 8))));
            assertThrows(IllegalArgumentException.class, () -> StageOneConsistency.loss(m.zeros(new Shape(2, 3, 30, 30)), one));
            assertThrows(IllegalArgumentException.class, () -> StageOneConsistency.loss(m.zeros(new Shape(2, 3, 32, 24)), one));
        }
    }
}
