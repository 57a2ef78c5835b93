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
    void stageOneConditionsItsBatchNormsOnlyWhenAsked() {
        Map<String, Object> base = Map.of("conditionDim", 8, "zDim", 8, "gfDim", 8, "imageSize", 16);
        for (Map.Entry<Object, Boolean> c : Map.<Object, Boolean>of(true, true, "true", true, false, false, "false", false).entrySet()) {
            java.util.Map<String, Object> p = new java.util.HashMap<>(base);
            p.put("conditionalNorm", c.getKey());
            var g = (dev.telltale.experiments.stackgan.StageOneGenerator) StackGanModels.stageOneGenerator(new ParamMap(p), 16).generator();
            assertEquals(c.getValue(), g.hasConditionalNorm(), "conditionalNorm=" + c.getKey());
        }
        // a checkpoint from before the option has plain batch norms
        var old = (dev.telltale.experiments.stackgan.StageOneGenerator) StackGanModels.stageOneGenerator(new ParamMap(base), 16).generator();
        assertTrue(!old.hasConditionalNorm());
    }

    @Test
    void stageTwoCorrectsTheStageOneImageOnlyWhenAsked() {
        Map<String, Object> base = Map.of("conditionDim", 8, "gfDim", 8, "residualBlocks", 1);
        for (Map.Entry<Object, Boolean> c : Map.<Object, Boolean>of(true, true, "true", true, false, false, "false", false).entrySet()) {
            java.util.Map<String, Object> p = new java.util.HashMap<>(base);
            p.put("imageSkip", c.getKey());
            var g = (dev.telltale.experiments.stackgan.StageTwoGenerator) StackGanModels.stageTwoGenerator(new ParamMap(p), 16, 16).generator();
            assertEquals(c.getValue(), g.hasImageSkip(), "imageSkip=" + c.getKey());
            p.put("conditionalNorm", c.getKey());
            var conditioned = (dev.telltale.experiments.stackgan.StageTwoGenerator) StackGanModels.stageTwoGenerator(new ParamMap(p), 16, 16).generator();
            assertEquals(c.getValue(), conditioned.hasConditionalNorm(), "conditionalNorm=" + c.getKey());
        }
        // a checkpoint from before the option draws anew
        var old = (dev.telltale.experiments.stackgan.StageTwoGenerator) StackGanModels.stageTwoGenerator(new ParamMap(base), 16, 16).generator();
        assertTrue(!old.hasImageSkip());
        assertTrue(!old.hasConditionalNorm());
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

    @Test
    void theOfficialInitDrawsWeightsFromN0And002AndBatchNormScalesFromN1And002() {
        for (String init : java.util.List.of("normal", "xavier")) {
            java.util.Map<String, Object> params = new java.util.HashMap<>(TINY);
            params.put("weightInit", init);
            ParamMap p = new ParamMap(params);
            try (NDManager m = NDManager.newBaseManager("PyTorch")) {
                ConditionedGenerator g = StackGanModels.stageOneGenerator(p, 16);
                g.initialize(m, DataType.FLOAT32, new Shape(2, 8), new Shape(2, 16));
                ai.djl.nn.Block d = StackGanModels.stageOneDiscriminator(p, 16);
                d.initialize(m, DataType.FLOAT32, new Shape(2, 3, 16, 16), new Shape(2, 8));
                for (ai.djl.nn.Block block : java.util.List.of(g, d)) {
                    java.util.List<Float> weights = new java.util.ArrayList<>();
                    java.util.List<Float> scales = new java.util.ArrayList<>();
                    for (ai.djl.util.Pair<String, ai.djl.nn.Parameter> q : block.getParameters()) {
                        java.util.List<Float> into = switch (q.getValue().getType()) {
                            case WEIGHT -> weights;
                            case GAMMA -> scales;
                            default -> null;
                        };
                        if (into != null) {
                            for (float v : q.getValue().getArray().toFloatArray()) {
                                into.add(v);
                            }
                        }
                    }
                    double[] w = moments(weights);
                    double[] gamma = moments(scales);
                    assertTrue(weights.size() > 1000 && scales.size() > 10, block.getClass().getSimpleName());
                    if (init.equals("normal")) {
                        assertEquals(0, w[0], 0.002, "weights centred on 0");
                        assertEquals(0.02, w[1], 0.002, "weights' spread " + w[1]);
                        assertEquals(1, gamma[0], 0.01, "scales centred on 1");
                        assertEquals(0.02, gamma[1], 0.01, "scales' spread " + gamma[1]);
                    } else {
                        assertTrue(w[1] > 0.03, "Xavier's weights are wider at these fan-ins: " + w[1]);
                        assertEquals(0, gamma[1], 0, "unit scales");
                    }
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> StackGanModels.stageOneGenerator(
                new ParamMap(java.util.Map.of("conditionDim", 8, "zDim", 8, "gfDim", 8, "imageSize", 16, "weightInit", "zeros")), 16));
    }

    private static double[] moments(java.util.List<Float> values) {
        double mean = values.stream().mapToDouble(Float::doubleValue).average().orElse(Double.NaN);
        double var = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).average().orElse(Double.NaN);
        return new double[] {mean, Math.sqrt(var)};
    }
}
