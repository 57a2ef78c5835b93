package dev.telltale.experiments.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DiscriminatorBatchTest {

    @Test
    void aJointBatchsOutputsSplitIntoRealWrongAndFakeRowsInOrder() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            // logits of 6 pairs (2 real, 2 wrong, 2 fake) and a (6, 2) code
            NDList joint = new NDList(m.arange(0f, 6f), m.arange(0f, 12f).reshape(6, 2));
            List<NDList> parts = StackGanTraining.thirds(joint);
            assertEquals(3, parts.size());
            for (int k = 0; k < 3; k++) {
                assertEquals(2, parts.get(k).size(), "every output array is split");
                assertArrayEquals(new float[] {2 * k, 2 * k + 1}, parts.get(k).get(0).toFloatArray());
                assertEquals(new Shape(2, 2), parts.get(k).get(1).getShape());
                assertArrayEquals(new float[] {4 * k, 4 * k + 1, 4 * k + 2, 4 * k + 3}, parts.get(k).get(1).toFloatArray());
            }
        }
    }

    @Test
    void separateIsTheDefaultAndOtherNamesAreRefused() {
        assertFalse(StackGanModels.jointDiscriminatorBatch(new ParamMap(Map.of())));
        assertFalse(StackGanModels.jointDiscriminatorBatch(new ParamMap(Map.of("discriminatorBatch", "separate"))));
        assertTrue(StackGanModels.jointDiscriminatorBatch(new ParamMap(Map.of("discriminatorBatch", "joint"))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StackGanModels.jointDiscriminatorBatch(new ParamMap(Map.of("discriminatorBatch", "mixed"))));
        assertTrue(e.getMessage().contains("discriminatorBatch"), e.getMessage());
    }
}
