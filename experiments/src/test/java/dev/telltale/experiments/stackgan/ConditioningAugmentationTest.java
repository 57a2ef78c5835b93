package dev.telltale.experiments.stackgan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;

class ConditioningAugmentationTest {

    @Test
    void klDivergenceMatchesAHandComputationAndItsGradient() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            float[] mu = {0.5f, -1f, 0f, 2f};
            float[] logVar = {0f, 1f, -0.5f, 0.2f};
            double expected = 0;
            for (int i = 0; i < 4; i++) {
                expected += 0.5 * (mu[i] * mu[i] + Math.exp(logVar[i]) - 1 - logVar[i]);
            }
            expected /= 2; // mean over the batch of 2
            NDArray muArray = m.create(mu, new Shape(2, 2));
            NDArray logVarArray = m.create(logVar, new Shape(2, 2));
            muArray.setRequiresGradient(true);
            logVarArray.setRequiresGradient(true);
            NDArray kl;
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                kl = ConditioningAugmentation.klDivergence(muArray, logVarArray);
                System.gc();
                gc.backward(kl);
            }
            assertEquals(expected, kl.getFloat(), 1e-6);
            float[] dMu = new float[4];
            float[] dLogVar = new float[4];
            for (int i = 0; i < 4; i++) {
                dMu[i] = mu[i] / 2;
                dLogVar[i] = (float) (0.5 * (Math.exp(logVar[i]) - 1) / 2);
            }
            assertArrayEquals(dMu, muArray.getGradient().toFloatArray(), 1e-6f);
            assertArrayEquals(dLogVar, logVarArray.getGradient().toFloatArray(), 1e-6f);
        }
    }

    @Test
    void klAndSampledConditionBothSendGradientToTheFcWeights() {
        Engine.getEngine("PyTorch").setRandomSeed(1);
        for (boolean throughKl : new boolean[] {true, false}) {
            try (NDManager m = NDManager.newBaseManager("PyTorch")) {
                ConditioningAugmentation ca = build(m, true);
                ParameterStore ps = new ParameterStore(m, false);
                NDArray embedding = m.randomNormal(new Shape(4, 6));
                try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                    NDList out = ca.forward(ps, new NDList(embedding), true);
                    NDArray loss = throughKl
                            ? ConditioningAugmentation.klDivergence(out.get(1), out.get(2))
                            : out.get(0).sum();
                    gc.backward(loss);
                }
                for (Pair<String, Parameter> p : ca.getParameters()) {
                    float g = p.getValue().getArray().getGradient().abs().sum().getFloat();
                    assertTrue(g > 0 && Float.isFinite(g), p.getKey() + " gradient " + g + " via KL=" + throughKl);
                }
            }
        }
    }

    @Test
    void samplesWithTheLearnedMeanAndVariance() {
        Engine.getEngine("PyTorch").setRandomSeed(2);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            ConditioningAugmentation ca = build(m, true);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray embedding = m.randomNormal(new Shape(4096, 6));
            NDList out = ca.forward(ps, new NDList(embedding), true);
            assertEquals(new Shape(4096, 8), out.get(0).getShape());
            // (ĉ − μ) / σ must be standard normal noise
            NDArray eps = out.get(0).sub(out.get(1)).div(out.get(2).mul(0.5f).exp());
            assertEquals(0, eps.mean().getFloat(), 0.02);
            assertEquals(1, eps.square().mean().getFloat(), 0.03);
            // mu and logVar differ (not one half copied into the other)
            assertTrue(out.get(1).sub(out.get(2)).abs().max().getFloat() > 1e-3f);
        }
    }

    @Test
    void atInferenceSamplesByDefaultAndReturnsMuWhenAskedNotTo() {
        Engine.getEngine("PyTorch").setRandomSeed(3);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            ParameterStore ps = new ParameterStore(m, false);
            NDArray embedding = m.randomNormal(new Shape(3, 6));
            ConditioningAugmentation sampling = build(m, true);
            NDArray a = sampling.forward(ps, new NDList(embedding), false).get(0);
            NDArray b = sampling.forward(ps, new NDList(embedding), false).get(0);
            assertTrue(a.sub(b).abs().max().getFloat() > 1e-4f, "two inference samples should differ");

            ConditioningAugmentation deterministic = build(m, false);
            NDList out = deterministic.forward(ps, new NDList(embedding), false);
            assertArrayEquals(out.get(1).toFloatArray(), out.get(0).toFloatArray(), 0f);
            NDList training = deterministic.forward(ps, new NDList(embedding), true);
            assertTrue(training.get(0).sub(training.get(1)).abs().max().getFloat() > 1e-4f,
                    "training always samples");
        }
    }

    @Test
    void aGivenEpsilonIsTheNoiseUsed() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            ParameterStore ps = new ParameterStore(m, false);
            NDArray embedding = m.randomNormal(new Shape(3, 6));
            NDArray epsilon = m.randomNormal(new Shape(3, 8));
            ConditioningAugmentation ca = build(m, true);
            for (boolean training : new boolean[] {true, false}) {
                NDList out = ca.forward(ps, new NDList(embedding, epsilon), training);
                float[] mu = out.get(1).toFloatArray();
                float[] logVar = out.get(2).toFloatArray();
                float[] eps = epsilon.toFloatArray();
                float[] expected = new float[mu.length];
                for (int i = 0; i < mu.length; i++) {
                    expected[i] = (float) (mu[i] + Math.exp(logVar[i] / 2) * eps[i]);
                }
                assertArrayEquals(expected, out.get(0).toFloatArray(), 1e-5f);
                // fixed noise, fixed condition: sample grids stay comparable from step to step
                assertArrayEquals(out.get(0).toFloatArray(), ca.forward(ps, new NDList(embedding, epsilon), training).get(0).toFloatArray(), 0f);
            }
            assertThrows(IllegalArgumentException.class,
                    () -> ca.forward(ps, new NDList(embedding, m.zeros(new Shape(3, 7))), false));
        }
    }

    @Test
    void rejectsAWrongEmbeddingSizeAndMissingDims() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            ConditioningAugmentation ca = build(m, true);
            assertThrows(IllegalArgumentException.class,
                    () -> ca.forward(new ParameterStore(m, false), new NDList(m.zeros(new Shape(2, 7))), false));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConditioningAugmentation.builder().setEmbeddingDim(6).build());
        assertTrue(e.getMessage().contains("conditionDim"));
    }

    private static ConditioningAugmentation build(NDManager m, boolean sampleAtInference) {
        ConditioningAugmentation ca = ConditioningAugmentation.builder()
                .setEmbeddingDim(6)
                .setConditionDim(8)
                .optSampleAtInference(sampleAtInference)
                .build();
        ca.initialize(m, DataType.FLOAT32, new Shape(2, 6));
        return ca;
    }
}
