package dev.telltale.experiments.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The weight average against a hand computation of its warmed-up decay, every parameter kind included. */
class GeneratorAverageTest {

    static Block net(NDManager m) {
        SequentialBlock b = new SequentialBlock().add(Linear.builder().setUnits(3).build()).add(BatchNorm.builder().build());
        b.initialize(m, DataType.FLOAT32, new Shape(4, 2));
        return b;
    }

    static List<float[]> values(Block b) {
        List<float[]> out = new ArrayList<>();
        for (var p : b.getParameters()) {
            out.add(p.getValue().getArray().toFloatArray());
        }
        return out;
    }

    /** Adds {@code by} to every trained parameter, running statistics included, as training would move them. */
    static void move(Block b, float by) {
        for (var p : b.getParameters()) {
            p.getValue().getArray().stopGradient().addi(by);
        }
    }

    @Test
    void theAverageFollowsTheTrainedWeightsWithTheWarmedUpDecay() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Block trained = net(m);
            Block average = net(m);
            assertFalse(values(trained).get(0)[0] == values(average).get(0)[0], "two random initialisations");
            GeneratorAverage ema = new GeneratorAverage(trained, average, 0.5f);
            List<float[]> w0 = values(trained);
            for (int i = 0; i < w0.size(); i++) {
                assertArrayEquals(w0.get(i), values(average).get(i), "it starts as a copy");
            }
            // the first decay is min(0.5, 1/10) = 0.1, the second min(0.5, 2/11), then 0.5 from the ninth on
            assertEquals(0.1f, ema.nextDecay(), 1e-7);
            move(trained, 1f);
            ema.update();
            assertEquals(2f / 11, ema.nextDecay(), 1e-7);
            move(trained, 2f);
            ema.update();
            // avg = d2·(d1·w0 + (1 − d1)(w0 + 1)) + (1 − d2)(w0 + 3) = w0 + d2·(1 − d1) + 3(1 − d2)
            double d1 = 0.1;
            double d2 = 2.0 / 11;
            double shift = d2 * (1 - d1) + 3 * (1 - d2);
            PairList<String, Parameter> params = average.getParameters();
            assertTrue(params.keys().stream().anyMatch(k -> k.contains("runningMean")), params.keys().toString());
            List<float[]> avg = values(average);
            for (int i = 0; i < w0.size(); i++) {
                for (int j = 0; j < w0.get(i).length; j++) {
                    assertEquals(w0.get(i)[j] + shift, avg.get(i)[j], 1e-5, params.get(i).getKey());
                }
                assertArrayEquals(values(trained).get(i), shiftedBy(w0.get(i), 3f), 1e-6f, "the trained weights are only read");
            }
            for (int t = 2; t < 8; t++) {
                ema.update();
            }
            assertEquals(0.5f, ema.nextDecay(), "9/18 reaches the cap");
        }
    }

    @Test
    void theTrainedWeightsStillTrainAndTheAverageHoldsNoGradient() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Block trained = net(m);
            Block average = net(m);
            GeneratorAverage ema = new GeneratorAverage(trained, average, 0.9f);
            NDArray x = m.randomNormal(new Shape(4, 2));
            try (GradientCollector gc = ai.djl.engine.Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray y = trained.forward(new ParameterStore(m, false), new NDList(x), true).head();
                gc.backward(y.square().sum());
            }
            ema.update();
            NDArray w = trained.getParameters().get(0).getValue().getArray();
            assertTrue(w.hasGradient() && w.getGradient().abs().sum().getFloat() > 0, "backward still reaches the trained weights");
            for (var p : average.getParameters()) {
                assertFalse(p.getValue().getArray().hasGradient(), p.getKey());
            }
        }
    }

    @Test
    void aDecayOutsideTheOpenUnitIntervalOrAnotherArchitectureIsRefused() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Block trained = net(m);
            assertThrows(IllegalArgumentException.class, () -> new GeneratorAverage(trained, net(m), 1f));
            assertThrows(IllegalArgumentException.class, () -> new GeneratorAverage(trained, net(m), 0f));
            Block wider = new SequentialBlock().add(Linear.builder().setUnits(4).build()).add(BatchNorm.builder().build());
            wider.initialize(m, DataType.FLOAT32, new Shape(4, 2));
            var e = assertThrows(IllegalArgumentException.class, () -> new GeneratorAverage(trained, wider, 0.9f));
            assertTrue(e.getMessage().contains("generatorEma"), e.getMessage());
        }
    }

    private static float[] shiftedBy(float[] a, float by) {
        float[] out = a.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += by;
        }
        return out;
    }
}
