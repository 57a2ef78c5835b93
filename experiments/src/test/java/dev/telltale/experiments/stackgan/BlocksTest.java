package dev.telltale.experiments.stackgan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;

class BlocksTest {

    @Test
    void upsamplingCopiesEachPixelIntoATwoByTwoSquare() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray x = m.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
            float[] expected = {
                1, 1, 2, 2,
                1, 1, 2, 2,
                3, 3, 4, 4,
                3, 3, 4, 4};
            NDArray up = Blocks.upsampleNearest(x);
            assertEquals(new Shape(1, 1, 4, 4), up.getShape());
            assertArrayEquals(expected, up.toFloatArray(), 0f);
        }
    }

    @Test
    void tilingRepeatsEachConditionUnitOverSpace() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray c = m.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3));
            NDArray tiled = Blocks.tileSpatially(c, 2, 3);
            assertEquals(new Shape(2, 3, 2, 3), tiled.getShape());
            assertArrayEquals(new float[] {5, 5, 5, 5, 5, 5}, tiled.get("1, 1").toFloatArray(), 0f);
        }
    }

    @Test
    void freezingSparesBatchNormRunningStatistics() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            StageOneDiscriminator d = StageOneDiscriminator.builder().setConditionDim(4).optDfDim(2).optImageSize(16).build();
            d.initialize(m, DataType.FLOAT32, new Shape(2, 3, 16, 16), new Shape(2, 4));
            Blocks.setTrainable(d, false);
            for (Pair<String, Parameter> p : d.getParameters()) {
                assertFalse(p.getValue().getArray().hasGradient(), p.getKey() + " still trainable");
            }
            Blocks.setTrainable(d, true);
            for (Pair<String, Parameter> p : d.getParameters()) {
                Parameter.Type type = p.getValue().getType();
                boolean statistic = type == Parameter.Type.RUNNING_MEAN || type == Parameter.Type.RUNNING_VAR;
                assertEquals(!statistic, p.getValue().getArray().hasGradient(), p.getKey());
            }
            assertTrue(d.getParameters().size() > 0);
        }
    }
}
