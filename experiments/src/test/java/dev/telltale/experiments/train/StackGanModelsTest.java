package dev.telltale.experiments.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StackGanModelsTest {

    private static final Map<String, Object> TINY = Map.of("conditionDim", 8, "zDim", 8, "gfDim", 8, "dfDim", 8, "imageSize", 16);

    @Test
    void outsideTrainingTheConditionIsSampledAndAFixedEpsilonFixesThePicture() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            ConditionedGenerator g = StackGanModels.stageOneGenerator(new ParamMap(TINY), 16);
            g.initialize(m, DataType.FLOAT32, new Shape(2, 8), new Shape(2, 16));
            ParameterStore ps = new ParameterStore(m, false);
            NDArray z = m.randomNormal(new Shape(2, 8));
            NDArray text = m.randomNormal(new Shape(2, 16));
            NDArray eps = m.randomNormal(new Shape(2, 8));
            float[] a = g.forward(ps, new NDList(z, text, eps), false).get(0).toFloatArray();
            float[] again = g.forward(ps, new NDList(z, text, eps), false).get(0).toFloatArray();
            float[] other = g.forward(ps, new NDList(z, text, m.randomNormal(new Shape(2, 8))), false).get(0).toFloatArray();
            assertArrayEquals(a, again, 0f, "same z, text and ε: same picture");
            double change = 0;
            for (int i = 0; i < a.length; i++) {
                change += Math.abs(a[i] - other[i]);
            }
            assertTrue(change / a.length > 1e-4, "another ε moves the picture: ĉ is μ + σ·ε, not μ, outside training");
        }
    }

    @Test
    void theDiscriminatorTakesWhatItIsConditionedOn() {
        ParamMap mu = new ParamMap(TINY);
        assertEquals(8, StackGanModels.discriminatorConditionDim(mu, 16));
        assertEquals(16, StackGanModels.discriminatorConditionDim(mu.with("discriminatorCondition", "embedding"), 16));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StackGanModels.discriminatorCondition(mu.with("discriminatorCondition", "words")));
        assertTrue(e.getMessage().contains("discriminatorCondition"));
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            var d = StackGanModels.stageOneDiscriminator(mu.with("discriminatorCondition", "embedding"), 16);
            d.initialize(m, DataType.FLOAT32, new Shape(2, 3, 16, 16), new Shape(2, 16));
            NDArray logits = d.forward(new ParameterStore(m, false), new NDList(m.zeros(new Shape(2, 3, 16, 16)), m.ones(new Shape(2, 16))), true).head();
            assertEquals(new Shape(2), logits.getShape());
            assertThrows(IllegalArgumentException.class, () -> d.forward(new ParameterStore(m, false),
                    new NDList(m.zeros(new Shape(2, 3, 16, 16)), m.ones(new Shape(2, 8))), true));
        }
    }
}
