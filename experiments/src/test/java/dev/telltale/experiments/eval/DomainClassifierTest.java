package dev.telltale.experiments.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.LinkedHashMap;
import org.junit.jupiter.api.Test;

class DomainClassifierTest {

    private static LinkedHashMap<String, Integer> heads() {
        LinkedHashMap<String, Integer> heads = new LinkedHashMap<>();
        heads.put("color", 4);
        heads.put("size", 2);
        return heads;
    }

    private static DomainClassifier initialised(NDManager manager, int size) {
        DomainClassifier block = DomainClassifier.builder().setHeads(heads()).setImageSize(size).optWidth(4).build();
        block.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 3, size, size));
        return block;
    }

    @Test
    void outputsOneLogitArrayPerHeadInOrderThenTheFeatures() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            DomainClassifier block = initialised(manager, 16);
            NDArray x = manager.randomUniform(-1, 1, new Shape(5, 3, 16, 16));
            NDList out = block.forward(new ParameterStore(manager, false), new NDList(x), false);
            assertEquals(3, out.size());
            assertEquals(new Shape(5, 4), out.get(0).getShape());
            assertEquals(new Shape(5, 2), out.get(1).getShape());
            assertEquals(new Shape(5, 16), out.get(2).getShape());
            assertArrayEquals(new Shape[] {new Shape(5, 4), new Shape(5, 2), new Shape(5, 16)},
                    block.getOutputShapes(new Shape[] {new Shape(5, 3, 16, 16)}));
            assertThrows(IllegalArgumentException.class, () -> block.forward(new ParameterStore(manager, false),
                    new NDList(manager.zeros(new Shape(1, 3, 8, 8))), false));
        }
    }

    @Test
    void savedParametersReloadIntoAFreshBlockWithIdenticalOutputs() throws Exception {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            DomainClassifier block = initialised(manager, 8);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            block.saveParameters(new DataOutputStream(bytes));
            DomainClassifier copy = initialised(manager, 8); // different random weights until loaded
            copy.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            NDArray x = manager.randomUniform(-1, 1, new Shape(3, 3, 8, 8));
            NDList a = block.forward(new ParameterStore(manager, false), new NDList(x), false);
            NDList b = copy.forward(new ParameterStore(manager, false), new NDList(x), false);
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(a.get(i).toFloatArray(), b.get(i).toFloatArray(), 0f);
            }
        }
    }

    @Test
    void builderRejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> DomainClassifier.builder().setImageSize(16).build());
        assertThrows(IllegalArgumentException.class, () -> DomainClassifier.builder().setHeads(heads()).build());
        LinkedHashMap<String, Integer> oneClass = new LinkedHashMap<>();
        oneClass.put("color", 1);
        assertThrows(IllegalArgumentException.class,
                () -> DomainClassifier.builder().setHeads(oneClass).setImageSize(16).build());
        assertThrows(IllegalArgumentException.class,
                () -> DomainClassifier.builder().setHeads(heads()).setImageSize(16).optWidth(0).build());
    }
}
