package dev.telltale.experiments.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class BidirectionalLstmTest {

    private static final int B = 2;
    private static final int T = 5;
    private static final int E = 3;
    private static final int H = 4;
    private static final String[] NAMES = {"i2h_WEIGHT", "h2h_WEIGHT", "i2h_BIAS", "h2h_BIAS"};

    @Test
    void equalsAForwardLstmPlusALstmOnTheReversedSequenceInValuesAndGradients() {
        Engine.getEngine("PyTorch").setRandomSeed(7);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            BidirectionalLstm bi = BidirectionalLstm.builder().setStateSize(H).build();
            bi.initialize(m, DataType.FLOAT32, new Shape(B, T, E));
            // non-zero biases, so a bias in the wrong slot would show
            for (Parameter p : bi.getParameters().values()) {
                m.randomUniform(-0.5f, 0.5f, p.getArray().getShape()).copyTo(p.getArray());
            }
            LSTM forward = singleLstm(m);
            LSTM backward = singleLstm(m);
            for (String name : NAMES) {
                param(bi, "l_0_" + name).getArray().copyTo(param(forward, "l_0_" + name).getArray());
                param(bi, "r_0_" + name).getArray().copyTo(param(backward, "l_0_" + name).getArray());
            }
            NDArray x = m.randomNormal(new Shape(B, T, E));
            NDArray xBi = x.duplicate();
            NDArray xRef = x.duplicate();
            xBi.setRequiresGradient(true);
            xRef.setRequiresGradient(true);
            NDArray weights = m.randomNormal(new Shape(B, T, 2 * H));
            ParameterStore ps = new ParameterStore(m, false);

            NDArray out;
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                out = bi.forward(ps, new NDList(xBi), true).head();
                gc.backward(out.mul(weights).sum());
            }
            NDArray ref;
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray f = forward.forward(ps, new NDList(xRef), true).head();
                NDArray b = backward.forward(ps, new NDList(xRef.flip(1)), true).head().flip(1);
                ref = NDArrays.concat(new NDList(f, b), 2);
                gc.backward(ref.mul(weights).sum());
            }

            assertEquals(new Shape(B, T, 2 * H), out.getShape());
            assertArrayEquals(ref.toFloatArray(), out.toFloatArray(), 1e-5f);
            assertArrayEquals(xRef.getGradient().toFloatArray(), xBi.getGradient().toFloatArray(), 1e-5f);
            for (String name : NAMES) {
                assertGradientsEqual(param(forward, "l_0_" + name), param(bi, "l_0_" + name));
                assertGradientsEqual(param(backward, "l_0_" + name), param(bi, "r_0_" + name));
            }
        }
    }

    @Test
    void withAMaskPaddingNeitherLeaksIntoRealStepsNorProducesOutput() {
        Engine.getEngine("PyTorch").setRandomSeed(11);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            BidirectionalLstm bi = BidirectionalLstm.builder().setStateSize(H).build();
            bi.initialize(m, DataType.FLOAT32, new Shape(B, T, E));
            for (Parameter p : bi.getParameters().values()) {
                m.randomUniform(-0.5f, 0.5f, p.getArray().getShape()).copyTo(p.getArray());
            }
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomNormal(new Shape(B, T, E));
            NDArray mask = m.create(new float[] {1, 1, 1, 1, 1, 1, 1, 1, 0, 0}, new Shape(B, T));

            NDArray masked = bi.forward(ps, new NDList(x, mask), false).head();
            NDArray fullRow = bi.forward(ps, new NDList(x.get("0:1")), false).head();
            NDArray shortRow = bi.forward(ps, new NDList(x.get("1:2, 0:3")), false).head();

            assertArrayEquals(fullRow.toFloatArray(), masked.get("0:1").toFloatArray(), 1e-5f);
            assertArrayEquals(shortRow.toFloatArray(), masked.get("1:2, 0:3").toFloatArray(), 1e-5f);
            assertArrayEquals(new float[2 * 2 * H], masked.get(new NDIndex("1, 3:5")).toFloatArray(), 0f);
            // and the unmasked call does let padding in, so the masked path is what protects the short row
            NDArray unmasked = bi.forward(ps, new NDList(x), false).head();
            float diff = unmasked.get("1:2, 0:3").sub(shortRow).abs().max().getFloat();
            assertTrue(diff > 1e-4f, "padding should change the backward states of an unmasked call");
        }
    }

    @Test
    void builderRejectsAMissingStateSize() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> BidirectionalLstm.builder().build());
        assertTrue(e.getMessage().contains("stateSize"));
    }

    private static LSTM singleLstm(NDManager m) {
        LSTM lstm = LSTM.builder().setStateSize(H).setNumLayers(1).optBatchFirst(true).build();
        lstm.initialize(m, DataType.FLOAT32, new Shape(B, T, E));
        return lstm;
    }

    private static Parameter param(ai.djl.nn.Block block, String name) {
        Parameter p = block.getParameters().get(name);
        if (p == null) {
            throw new AssertionError("no parameter " + name + " in " + block.getParameters().keys());
        }
        return p;
    }

    private static void assertGradientsEqual(Parameter expected, Parameter actual) {
        float[] want = expected.getArray().getGradient().toFloatArray();
        float[] got = actual.getArray().getGradient().toFloatArray();
        assertArrayEquals(want, got, 1e-5f, actual.getName());
        float norm = 0;
        for (float g : got) {
            norm += Math.abs(g);
        }
        assertTrue(norm > 0, actual.getName() + " got no gradient");
    }
}
