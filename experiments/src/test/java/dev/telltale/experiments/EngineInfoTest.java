package dev.telltale.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;

class EngineInfoTest {

    @Test
    void pytorchEngineLoadsOfflineFromTheBundledLibtorch() {
        EngineInfo info = EngineInfo.load();
        assertEquals("PyTorch", info.name());
        // the CPU native jar of the build is libtorch 2.7.1
        assertEquals("2.7.1", info.version());
    }

    @Test
    void matmulMatchesAHandComputation() {
        try (NDManager manager = NDManager.newBaseManager(Engine.getEngine("PyTorch").defaultDevice(), "PyTorch")) {
            NDArray a = manager.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3));
            NDArray b = manager.create(new float[] {7, 8, 9, 10, 11, 12}, new Shape(3, 2));
            // [1 2 3; 4 5 6] x [7 8; 9 10; 11 12] = [58 64; 139 154]
            assertArrayEquals(new float[] {58, 64, 139, 154}, a.matMul(b).toFloatArray(), 0f);
        }
    }

    @Test
    void autogradGivesTheAnalyticGradient() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray x = manager.create(new float[] {1f, -2f, 3f});
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray y = x.mul(x).sum(); // d/dx sum(x^2) = 2x
                collector.backward(y);
            }
            assertArrayEquals(new float[] {2f, -4f, 6f}, x.getGradient().toFloatArray(), 1e-6f);
        }
    }
}
