package dev.telltale.experiments.stackgan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Twenty Stage-I steps on random "real" images, wired as a training loop must be: D step on
 * real/wrong/fake pairs, then a G step with D frozen (djl.md bug 4), one sub-manager per step.
 */
class TinyGanLoopTest {

    private static final int BATCH = 4;
    private static final int EMBEDDING = 12;
    private static final int C = 8;
    private static final int Z = 10;
    private static final int SIZE = 16;
    private static final int STEPS = 20;

    @Test
    void twentyStepsGiveFiniteLossesAndMoveTheGenerator() {
        Engine engine = Engine.getEngine("PyTorch");
        engine.setRandomSeed(42);
        try (NDManager root = NDManager.newBaseManager("PyTorch")) {
            ConditioningAugmentation ca = ConditioningAugmentation.builder().setEmbeddingDim(EMBEDDING).setConditionDim(C).build();
            StageOneGenerator g = StageOneGenerator.builder().setConditionDim(C).optZDim(Z).optGfDim(4).optImageSize(SIZE).build();
            StageOneDiscriminator d = StageOneDiscriminator.builder().setConditionDim(C).optDfDim(4).optImageSize(SIZE).build();
            ca.initialize(root, DataType.FLOAT32, new Shape(BATCH, EMBEDDING));
            g.initialize(root, DataType.FLOAT32, new Shape(BATCH, Z), new Shape(BATCH, C));
            d.initialize(root, DataType.FLOAT32, new Shape(BATCH, 3, SIZE, SIZE), new Shape(BATCH, C));
            Optimizer adamG = adam();
            Optimizer adamD = adam();
            Map<String, float[]> generatorBefore = snapshot(g);
            Map<String, float[]> augmentationBefore = snapshot(ca);
            // a fixed small "dataset" of images and caption embeddings
            NDArray images = root.randomUniform(-1f, 1f, new Shape(BATCH, 3, SIZE, SIZE));
            NDArray captions = root.randomNormal(new Shape(BATCH, EMBEDDING));
            ParameterStore ps = new ParameterStore(root, false);
            NDArray klCoefficient = root.full(new Shape(), 2f / C);

            for (int step = 0; step < STEPS; step++) {
                try (NDManager sm = root.newSubManager()) {
                    NDArray real = images.duplicate();
                    real.attach(sm);
                    NDArray embedding = captions.duplicate();
                    embedding.attach(sm);
                    NDArray z = sm.randomNormal(new Shape(BATCH, Z));

                    // D step: the fake is made outside any collector, so no gradient reaches G
                    NDList condition = ca.forward(ps, new NDList(embedding), true);
                    NDArray fake = g.forward(ps, new NDList(z, condition.get(0)), true).head();
                    NDArray mu = condition.get(1);
                    NDList dLoss;
                    try (GradientCollector gc = engine.newGradientCollector()) {
                        NDArray realLogits = d.forward(ps, new NDList(real, mu), true).head();
                        NDArray wrongLogits = d.forward(ps, new NDList(
                                real.get("0:{}", BATCH - 1), mu.get("1:")), true).head();
                        NDArray fakeLogits = d.forward(ps, new NDList(fake, mu), true).head();
                        dLoss = MatchingAwareLoss.discriminator(realLogits, wrongLogits, fakeLogits);
                        gc.backward(dLoss.head());
                    }
                    update(d, adamD);

                    // G step with D frozen: D's gradients must stay zero
                    Blocks.setTrainable(d, false);
                    NDArray gLoss;
                    try (GradientCollector gc = engine.newGradientCollector()) {
                        NDList cond = ca.forward(ps, new NDList(embedding), true);
                        NDArray generated = g.forward(ps, new NDList(z, cond.get(0)), true).head();
                        NDArray logits = d.forward(ps, new NDList(generated, cond.get(1).stopGradient()), true).head();
                        NDArray kl = ConditioningAugmentation.klDivergence(cond.get(1), cond.get(2));
                        gLoss = MatchingAwareLoss.generator(logits).add(kl.mul(klCoefficient));
                        gc.backward(gLoss);
                    }
                    Blocks.setTrainable(d, true);
                    assertGradientsZero(d);
                    update(g, adamG);
                    update(ca, adamG);

                    for (NDArray loss : new NDArray[] {dLoss.get(0), dLoss.get(1), dLoss.get(2), dLoss.get(3), gLoss}) {
                        float value = loss.getFloat();
                        assertTrue(Float.isFinite(value) && value >= 0, "step " + step + " loss " + value);
                    }
                }
            }
            assertAllWeightsMoved(generatorBefore, snapshot(g));
            assertAllWeightsMoved(augmentationBefore, snapshot(ca));
        }
    }

    private static void assertAllWeightsMoved(Map<String, float[]> before, Map<String, float[]> after) {
        for (Map.Entry<String, float[]> e : before.entrySet()) {
            assertFalse(Arrays.equals(e.getValue(), after.get(e.getKey())), e.getKey() + " did not move");
        }
    }

    private static Optimizer adam() {
        return Optimizer.adam().optLearningRateTracker(Tracker.fixed(2e-4f)).optBeta1(0.5f).build();
    }

    /** One optimizer step on every trainable parameter of the block, then its gradient zeroed. */
    private static void update(Block block, Optimizer optimizer) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray weight = p.getValue().getArray();
            if (!weight.hasGradient()) {
                continue;
            }
            try (NDArray grad = weight.getGradient()) {
                optimizer.update(p.getValue().getId(), weight, grad);
                grad.subi(grad);
            }
        }
    }

    private static void assertGradientsZero(Block block) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray weight = p.getValue().getArray();
            if (weight.hasGradient()) {
                try (NDArray grad = weight.getGradient()) {
                    float[] values = grad.toFloatArray();
                    assertArrayEquals(new float[values.length], values, 0f, p.getKey() + " took a G-step gradient");
                }
            }
        }
    }

    /** The trainable weights (batch-norm running statistics left out). */
    private static Map<String, float[]> snapshot(Block block) {
        Map<String, float[]> values = new HashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter.Type type = p.getValue().getType();
            if (type != Parameter.Type.RUNNING_MEAN && type != Parameter.Type.RUNNING_VAR) {
                values.put(p.getKey(), p.getValue().getArray().toFloatArray());
            }
        }
        return values;
    }
}
