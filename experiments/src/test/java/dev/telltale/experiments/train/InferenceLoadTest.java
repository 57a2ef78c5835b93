package dev.telltale.experiments.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A block loaded for inference holds its saved weights once, not beside the arrays its initialisation made. */
class InferenceLoadTest {

    @TempDir
    Path dir;

    /** A conv and a batch norm: weights and running statistics, all parameters. */
    private static ai.djl.nn.Block block() {
        return new ai.djl.nn.SequentialBlock()
                .add(ai.djl.nn.convolutional.Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(4).build())
                .add(ai.djl.nn.norm.BatchNorm.builder().build());
    }

    @Test
    void theInitialisedArraysAreFreedOnceTheSavedOnesReplaceThem() throws Exception {
        Path file = dir.resolve("block.zip");
        float[] saved;
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            ai.djl.nn.Block b = block();
            b.initialize(m, DataType.FLOAT32, new Shape(1, 3, 4, 4));
            JsonObject meta = new JsonObject();
            meta.addProperty("kind", "test");
            Checkpoint.write(file, meta, Map.of("b", b));
            saved = b.forward(new ParameterStore(m, false), new NDList(m.ones(new Shape(1, 3, 4, 4))), false).head().toFloatArray();
        }
        Checkpoint cp = Checkpoint.read(file);
        try (NDManager root = NDManager.newBaseManager("PyTorch");
                NDManager plain = root.newSubManager();
                NDManager inference = root.newSubManager()) {
            ai.djl.nn.Block a = block();
            a.initialize(plain, DataType.FLOAT32, new Shape(1, 3, 4, 4));
            cp.load("b", a, plain);
            ai.djl.nn.Block c = block();
            c.initialize(inference, DataType.FLOAT32, new Shape(1, 3, 4, 4));
            cp.loadForInference("b", c, inference);
            int parameters = c.getParameters().size();
            assertEquals(2 * parameters, plain.getManagedArrays().size(), "a plain load keeps both copies");
            assertEquals(parameters, inference.getManagedArrays().size(), "the initialised copies are freed");
            float[] out = c.forward(new ParameterStore(inference, false), new NDList(inference.ones(new Shape(1, 3, 4, 4))), false)
                    .head().toFloatArray();
            assertArrayEquals(saved, out, 1e-6f, "and it computes with the saved weights");
        }
    }
}
