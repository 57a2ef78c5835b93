package dev.telltale.experiments.stackgan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

class ConditionalBatchNormTest {

    static final int B = 4;
    static final int CH = 3;
    static final int D = 5;

    @Test
    void aNewBlockIsPlainBatchNormWhateverTheCondition() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            ParameterStore ps = new ParameterStore(m, false);
            ConditionalBatchNorm n = new ConditionalBatchNorm(CH);
            // the network's initializer (xavier here) must not leak in: the map starts at zero
            n.initialize(m, DataType.FLOAT32, new Shape(B, CH, 6, 6), new Shape(B, D));
            NDArray x = m.randomNormal(2f, 3f, new Shape(B, CH, 6, 6), DataType.FLOAT32);
            float[] a = n.forward(ps, new NDList(x, m.randomNormal(new Shape(B, D))), true).head().toFloatArray();
            float[] b = n.forward(ps, new NDList(x, m.randomNormal(new Shape(B, D)).mul(10)), true).head().toFloatArray();
            assertArrayEquals(a, b, 1e-6f, "the condition has no say yet");
            float[] want = normalised(x.toFloatArray(), B, CH, 36);
            assertArrayEquals(want, a, 1e-3f, "(x - batch mean) / batch std per channel");
        }
    }

    @Test
    void scaleAndShiftAreLinearInTheConditionAsHandComputed() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            ParameterStore ps = new ParameterStore(m, false);
            ConditionalBatchNorm n = new ConditionalBatchNorm(CH);
            // a video-shaped input: the same block serves 3-D generators
            Shape xs = new Shape(B, CH, 2, 3, 3);
            n.initialize(m, DataType.FLOAT32, xs, new Shape(B, D));
            float[] w = new float[2 * CH * D];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) Math.sin(i + 1) * 0.3f;
            }
            float[] bias = new float[2 * CH];
            for (int i = 0; i < bias.length; i++) {
                bias[i] = 0.1f * (i - 2);
            }
            for (Pair<String, Parameter> p : n.getParameters()) {
                if (p.getKey().contains("affine") && p.getKey().endsWith("weight")) {
                    p.getValue().getArray().set(w);
                } else if (p.getKey().contains("affine") && p.getKey().endsWith("bias")) {
                    p.getValue().getArray().set(bias);
                }
            }
            NDArray x = m.randomNormal(new Shape(xs.getShape()));
            float[] c = m.randomNormal(new Shape(B, D)).toFloatArray();
            float[] out = n.forward(ps, new NDList(x, m.create(c, new Shape(B, D))), true).head().toFloatArray();
            float[] xhat = normalised(x.toFloatArray(), B, CH, 18);
            for (int b = 0; b < B; b++) {
                for (int ch = 0; ch < CH; ch++) {
                    // Linear: out_j = sum_k W[j][k] c_k + bias_j; γ is units 0..CH-1, β units CH..2CH-1
                    double gamma = bias[ch];
                    double beta = bias[CH + ch];
                    for (int k = 0; k < D; k++) {
                        gamma += w[ch * D + k] * c[b * D + k];
                        beta += w[(CH + ch) * D + k] * c[b * D + k];
                    }
                    for (int i = 0; i < 18; i++) {
                        int at = (b * CH + ch) * 18 + i;
                        assertEquals(xhat[at] * (1 + gamma) + beta, out[at], 1e-3, "b " + b + " ch " + ch + " i " + i);
                    }
                }
            }
        }
    }

    @Test
    void gradientsReachTheMapAndTheCondition() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            ParameterStore ps = new ParameterStore(m, false);
            ConditionalBatchNorm n = new ConditionalBatchNorm(CH);
            n.initialize(m, DataType.FLOAT32, new Shape(B, CH, 4, 4), new Shape(B, D));
            NDArray x = m.randomNormal(new Shape(B, CH, 4, 4));
            NDArray c = m.randomNormal(new Shape(B, D));
            c.setRequiresGradient(true);
            NDArray target = m.randomNormal(new Shape(B, CH, 4, 4));
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray out = n.forward(ps, new NDList(x, c), true).head();
                gc.backward(out.sub(target).square().mean());
            }
            for (Pair<String, Parameter> p : n.getParameters()) {
                if (p.getKey().contains("affine")) {
                    float g = p.getValue().getArray().getGradient().abs().sum().getFloat();
                    assertTrue(g > 0 && Float.isFinite(g), p.getKey() + " gradient " + g);
                }
            }
            // the map is zero at the start, so nothing flows back to c until it has learned something
            assertEquals(0f, c.getGradient().abs().sum().getFloat(), 0f);
        }
    }

    @Test
    void theStageOneGeneratorFeedsTheConditionToEveryUpBlockWhenAsked() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            ParameterStore ps = new ParameterStore(m, false);
            StageOneGenerator g = StageOneGenerator.builder().setConditionDim(D).optZDim(4).optGfDim(4).optImageSize(16)
                    .optConditionalNorm(true).build();
            assertTrue(g.hasConditionalNorm());
            g.initialize(m, DataType.FLOAT32, new Shape(B, 4), new Shape(B, D));
            NDArray z = m.randomNormal(new Shape(B, 4));
            NDArray c = m.randomNormal(new Shape(B, D));
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray out = g.forward(ps, new NDList(z, c), true).head();
                assertEquals(new Shape(B, 3, 16, 16), out.getShape());
                gc.backward(out.square().mean());
            }
            int conditional = 0;
            for (Pair<String, Parameter> p : g.getParameters()) {
                if (p.getKey().contains("affine")) {
                    conditional++;
                    float grad = p.getValue().getArray().getGradient().abs().sum().getFloat();
                    assertTrue(grad > 0 && Float.isFinite(grad), p.getKey() + " gradient " + grad);
                }
            }
            assertEquals(2 * 2, conditional, "weight and bias of both up-blocks (4 -> 8 -> 16)");

            StageOneGenerator plain = StageOneGenerator.builder().setConditionDim(D).optZDim(4).optGfDim(4).optImageSize(16).build();
            assertFalse(plain.hasConditionalNorm());
            plain.initialize(m, DataType.FLOAT32, new Shape(B, 4), new Shape(B, D));
            assertTrue(plain.getParameters().keys().stream().noneMatch(k -> k.contains("affine")));
        }
    }

    @Test
    void theStageTwoGeneratorFeedsTheConditionToEveryUpBlockWhenAsked() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            ParameterStore ps = new ParameterStore(m, false);
            StageTwoGenerator g = StageTwoGenerator.builder().setConditionDim(D).optGfDim(8).optResidualBlocks(1).setInputSize(16)
                    .optConditionalNorm(true).build();
            assertTrue(g.hasConditionalNorm());
            NDArray low = m.randomUniform(-1, 1, new Shape(B, 3, 16, 16));
            g.initialize(m, DataType.FLOAT32, low.getShape(), new Shape(B, D));
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray out = g.forward(ps, new NDList(low, m.randomNormal(new Shape(B, D))), true).head();
                assertEquals(new Shape(B, 3, 64, 64), out.getShape());
                gc.backward(out.square().mean());
            }
            long learning = g.getParameters().stream().filter(p -> p.getKey().contains("affine"))
                    .peek(p -> assertTrue(p.getValue().getArray().getGradient().abs().sum().getFloat() > 0, p.getKey()))
                    .count();
            assertEquals(2 * 4, learning, "weight and bias of the map in each of the 4 up-blocks (4x4 -> 64x64)");
        }
    }

    @Test
    void aMismatchedChannelCountIsRefused() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            ConditionalBatchNorm n = new ConditionalBatchNorm(CH);
            var e = assertThrows(IllegalArgumentException.class,
                    () -> n.initialize(m, DataType.FLOAT32, new Shape(B, CH + 1, 4, 4), new Shape(B, D)));
            assertTrue(e.getMessage().contains("ConditionalBatchNorm(3)"), e.getMessage());
        }
    }

    /** Per-channel batch normalisation of a (b, ch, n) array, biased variance, epsilon 1e-5 as DJL's. */
    static float[] normalised(float[] x, int b, int ch, int n) {
        float[] out = new float[x.length];
        for (int c = 0; c < ch; c++) {
            double sum = 0;
            double sq = 0;
            for (int i = 0; i < b; i++) {
                for (int j = 0; j < n; j++) {
                    double v = x[(i * ch + c) * n + j];
                    sum += v;
                    sq += v * v;
                }
            }
            double mean = sum / (b * n);
            double var = sq / (b * n) - mean * mean;
            for (int i = 0; i < b; i++) {
                for (int j = 0; j < n; j++) {
                    int at = (i * ch + c) * n + j;
                    out[at] = (float) ((x[at] - mean) / Math.sqrt(var + 1e-5));
                }
            }
        }
        return out;
    }
}
