package dev.telltale.experiments.stackgan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class StackGanShapesTest {

    private static final int BATCH = 2;
    private static final int C = 8;
    private static final int Z = 10;

    @ParameterizedTest
    @ValueSource(ints = {16, 32})
    void everyNetworkGivesTheDocumentedShapes(int size) {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            ParameterStore ps = new ParameterStore(m, false);
            NDArray z = m.randomNormal(new Shape(BATCH, Z));
            NDArray c = m.randomNormal(new Shape(BATCH, C));

            StageOneGenerator g1 = StageOneGenerator.builder()
                    .setConditionDim(C).optZDim(Z).optGfDim(8).optImageSize(size).build();
            NDArray low = run(g1, m, ps, z, c);
            assertEquals(new Shape(BATCH, 3, size, size), low.getShape());
            assertTrue(low.abs().max().getFloat() <= 1f, "tanh output");

            StageOneDiscriminator d1 = StageOneDiscriminator.builder()
                    .setConditionDim(C).optDfDim(8).optImageSize(size).build();
            assertEquals(new Shape(BATCH), run(d1, m, ps, low, c).getShape());

            StageTwoGenerator g2 = StageTwoGenerator.builder()
                    .setConditionDim(C).optGfDim(8).optResidualBlocks(2).setInputSize(size).build();
            NDArray high = run(g2, m, ps, low, c);
            assertEquals(new Shape(BATCH, 3, 4 * size, 4 * size), high.getShape());
            assertTrue(high.abs().max().getFloat() <= 1f, "tanh output");

            StageTwoDiscriminator d2 = StageTwoDiscriminator.builder()
                    .setConditionDim(C).optDfDim(4).optImageSize(4 * size).build();
            assertEquals(new Shape(BATCH), run(d2, m, ps, high, c).getShape());
        }
    }

    @Test
    void theUnconditionalHeadIgnoresTheTextAndTheConditionalOneDoesNot() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            ParameterStore ps = new ParameterStore(m, false);
            NDArray image = m.randomUniform(-1, 1, new Shape(BATCH, 3, 16, 16));
            NDArray c = m.randomNormal(new Shape(BATCH, C));
            NDArray other = m.randomNormal(new Shape(BATCH, C));
            for (ConditionalDiscriminator d : java.util.List.of(
                    StageOneDiscriminator.builder().setConditionDim(C).optDfDim(8).optImageSize(16).optUnconditional(true).build(),
                    StageTwoDiscriminator.builder().setConditionDim(C).optDfDim(4).optImageSize(16).optUnconditional(true).build())) {
                assertTrue(d.hasUnconditionalHead());
                d.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, image.getShape(), c.getShape());
                assertEquals(2, d.getOutputShapes(new Shape[] {image.getShape(), c.getShape()}).length);
                ai.djl.ndarray.NDList a = d.forward(ps, new ai.djl.ndarray.NDList(image, c), false);
                ai.djl.ndarray.NDList b = d.forward(ps, new ai.djl.ndarray.NDList(image, other), false);
                assertEquals(2, a.size());
                assertEquals(new Shape(BATCH), a.get(1).getShape());
                org.junit.jupiter.api.Assertions.assertArrayEquals(a.get(1).toFloatArray(), b.get(1).toFloatArray(), 0f);
                assertTrue(a.get(0).sub(b.get(0)).abs().max().getFloat() > 0, "the conditional logit reads the text");
            }
            StageOneDiscriminator plain = StageOneDiscriminator.builder().setConditionDim(C).optDfDim(8).optImageSize(16).build();
            org.junit.jupiter.api.Assertions.assertFalse(plain.hasUnconditionalHead());
            plain.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, image.getShape(), c.getShape());
            assertEquals(1, plain.forward(ps, new ai.djl.ndarray.NDList(image, c), false).size());
        }
    }

    @Test
    void theProjectionHeadIsLinearInTheConditionAndItsWeightsLearnFromIt() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray image = m.randomUniform(-1, 1, new Shape(BATCH, 3, 16, 16));
            NDArray c = m.randomNormal(new Shape(BATCH, C));
            for (ConditionalDiscriminator d : java.util.List.of(
                    StageOneDiscriminator.builder().setConditionDim(C).optDfDim(8).optImageSize(16).optProjection(true).build(),
                    StageTwoDiscriminator.builder().setConditionDim(C).optDfDim(4).optImageSize(16).optProjection(true)
                            .optUnconditional(true).build())) {
                assertTrue(d.hasProjectionHead());
                d.initialize(m, DataType.FLOAT32, image.getShape(), c.getShape());
                ParameterStore ps = new ParameterStore(m, false);
                // logit = ψ·φ(x) + (V·c)·φ(x): equal steps in c give equal steps in the logit (training-mode
                // batch norm sees the same images each time, so φ is the same)
                float[] at0 = d.forward(ps, new NDList(image, c.zerosLike()), true).get(0).toFloatArray();
                float[] at1 = d.forward(ps, new NDList(image, c), true).get(0).toFloatArray();
                float[] at2 = d.forward(ps, new NDList(image, c.mul(2f)), true).get(0).toFloatArray();
                for (int b = 0; b < BATCH; b++) {
                    assertEquals(at1[b] - at0[b], at2[b] - at1[b], 1e-3f * (1 + Math.abs(at1[b] - at0[b])));
                    assertTrue(Math.abs(at1[b] - at0[b]) > 1e-6f, "the condition moves the logit");
                }
                boolean hasConcatLayers = d.getChildren().keys().stream().anyMatch(k -> k.contains("joint") || k.contains("compress"));
                org.junit.jupiter.api.Assertions.assertFalse(hasConcatLayers, "no concatenating head beside the projection");
                try (ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getEngine("PyTorch").newGradientCollector()) {
                    gc.backward(d.forward(ps, new NDList(image, c), true).get(0).sum());
                }
                int headParameters = 0;
                for (Pair<String, Parameter> p : d.getParameters()) {
                    if (p.getKey().contains("project") || p.getKey().contains("psi")) {
                        headParameters++;
                        float g = p.getValue().getArray().getGradient().abs().sum().getFloat();
                        assertTrue(g > 0 && Float.isFinite(g), p.getKey() + " gradient " + g);
                    }
                }
                assertEquals(3, headParameters, "V, and ψ's weight and bias");
            }
        }
    }

    @Test
    void theContrastiveHeadCodesTheImageAndTheCaptionApartAndLearnsFromTheirLoss() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray image = m.randomUniform(-1, 1, new Shape(BATCH, 3, 16, 16));
            NDArray other = m.randomUniform(-1, 1, new Shape(BATCH, 3, 16, 16));
            NDArray c = m.randomNormal(new Shape(BATCH, C));
            for (ConditionalDiscriminator d : java.util.List.of(
                    StageOneDiscriminator.builder().setConditionDim(C).optDfDim(8).optImageSize(16).optContrastiveDim(6).build(),
                    StageTwoDiscriminator.builder().setConditionDim(C).optDfDim(4).optImageSize(16).optContrastiveDim(6)
                            .optUnconditional(true).build())) {
                assertTrue(d.hasContrastiveHead());
                d.initialize(m, DataType.FLOAT32, image.getShape(), c.getShape());
                ParameterStore ps = new ParameterStore(m, false);
                NDList out = d.forward(ps, new NDList(image, c), true);
                int n = d.hasUnconditionalHead() ? 4 : 3;
                assertEquals(n, out.size(), "logits, [unconditional logits,] image code, text code");
                assertEquals(new Shape(BATCH), out.get(0).getShape());
                assertEquals(new Shape(BATCH, 6), out.get(n - 2).getShape());
                assertEquals(new Shape(BATCH, 6), out.get(n - 1).getShape());
                java.util.List<Shape> declared = java.util.List.of(d.getOutputShapes(new Shape[] {image.getShape(), c.getShape()}));
                assertEquals(out.getShapes().length, declared.size());
                // the image code reads only the image, the text code only the caption
                NDList otherImage = d.forward(ps, new NDList(other, c), true);
                NDList otherCaption = d.forward(ps, new NDList(image, c.mul(-1f)), true);
                assertEquals(out.get(n - 1), otherImage.get(n - 1), "text code unchanged by the image");
                assertTrue(out.get(n - 2).sub(otherImage.get(n - 2)).abs().max().getFloat() > 1e-5f, "image code follows the image");
                assertEquals(out.get(n - 2), otherCaption.get(n - 2), "image code unchanged by the caption");
                assertTrue(out.get(n - 1).sub(otherCaption.get(n - 1)).abs().max().getFloat() > 1e-5f, "text code follows the caption");
                try (ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getEngine("PyTorch").newGradientCollector()) {
                    NDList fresh = d.forward(ps, new NDList(image, c), true);
                    gc.backward(dev.telltale.experiments.text.ContrastiveLoss.compute(fresh.get(n - 1), fresh.get(n - 2), 0.1f));
                }
                int checked = 0;
                for (Pair<String, Parameter> p : d.getParameters()) {
                    boolean head = p.getKey().contains("imageCode") || p.getKey().contains("textCode");
                    boolean trunk = p.getKey().contains("down2_weight");
                    if (head || trunk) {
                        checked++;
                        float g = p.getValue().getArray().getGradient().abs().sum().getFloat();
                        assertTrue(g > 0 && Float.isFinite(g), p.getKey() + " gradient " + g + ": the loss reaches the head and the trunk");
                    }
                }
                assertEquals(5, checked, "two codes' weights and biases, and a trunk convolution");
            }
        }
    }

    @Test
    void theImageSkipCorrectsTheUpsampledStageOneImageAndLearnsFromIt() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            ParameterStore ps = new ParameterStore(m, false);
            NDArray low = m.randomUniform(-1, 1, new Shape(BATCH, 3, 16, 16));
            NDArray c = m.randomNormal(new Shape(BATCH, C));
            StageTwoGenerator g = StageTwoGenerator.builder().setConditionDim(C).optGfDim(8).optResidualBlocks(1).setInputSize(16)
                    .optImageSkip(true).build();
            assertTrue(g.hasImageSkip());
            g.initialize(m, DataType.FLOAT32, low.getShape(), c.getShape());
            // a new one draws the Stage-I image at 4x: pixel (y, x) from (y/4, x/4)
            NDArray high = g.forward(ps, new NDList(low, c), true).head();
            assertEquals(new Shape(BATCH, 3, 64, 64), high.getShape());
            float[] lo = low.clip(-StageTwoGenerator.SKIP_LIMIT, StageTwoGenerator.SKIP_LIMIT).toFloatArray();
            float[] hi = high.toFloatArray();
            for (int b = 0; b < BATCH; b++) {
                for (int ch = 0; ch < 3; ch++) {
                    for (int y = 0; y < 64; y += 7) {
                        for (int x = 0; x < 64; x += 5) {
                            float want = lo[((b * 3 + ch) * 16 + y / 4) * 16 + x / 4];
                            assertEquals(want, hi[((b * 3 + ch) * 64 + y) * 64 + x], 1e-4f, "pixel " + y + "," + x);
                        }
                    }
                }
            }
            // and the correction learns: the loss of a target image reaches the last convolution and (once
            // that is no longer zero) the encoder
            for (Pair<String, Parameter> p : g.getParameters()) {
                if (p.getKey().contains("toImage")) {
                    p.getValue().getArray().addi(m.randomNormal(0f, 0.01f, p.getValue().getArray().getShape(), DataType.FLOAT32));
                }
            }
            try (ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray out = g.forward(ps, new NDList(low, c), true).head();
                gc.backward(out.sub(m.zeros(out.getShape())).square().mean());
            }
            for (Pair<String, Parameter> p : g.getParameters()) {
                if (p.getKey().contains("toImage") || p.getKey().contains("encode_")) {
                    float grad = p.getValue().getArray().getGradient().abs().sum().getFloat();
                    assertTrue(grad > 0 && Float.isFinite(grad), p.getKey() + " gradient " + grad);
                }
            }
            // without the option the same silenced convolution gives a flat grey image, not Stage-I's
            StageTwoGenerator plain = StageTwoGenerator.builder().setConditionDim(C).optGfDim(8).optResidualBlocks(1).setInputSize(16).build();
            plain.initialize(m, DataType.FLOAT32, low.getShape(), c.getShape());
            for (Pair<String, Parameter> p : plain.getParameters()) {
                if (p.getKey().contains("toImage")) {
                    p.getValue().getArray().subi(p.getValue().getArray());
                }
            }
            assertEquals(0f, plain.forward(ps, new NDList(low, c), true).head().abs().max().getFloat(), 1e-6f);
        }
    }

    @Test
    void channelStacksFollowTheOfficialLayout() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            ParameterStore ps = new ParameterStore(m, false);
            // 64×64 Stage I with gfDim 8: 64 channels at 4×4, halving to gfDim/2 = 4 before RGB
            StageOneGenerator g1 = StageOneGenerator.builder().setConditionDim(C).optZDim(Z).optGfDim(8).build();
            run(g1, m, ps, m.zeros(new Shape(BATCH, Z)), m.zeros(new Shape(BATCH, C)));
            assertEquals(new Shape(16 * 64, Z + C), weight(g1, "fc_weight"));
            assertEquals(new Shape(3, 4, 3, 3), weight(g1, "toImage_weight"));
            // 64×64 Stage-I discriminator, dfDim 8: 8, 16, 32, 64 channels, head over 64 + C
            StageOneDiscriminator d1 = StageOneDiscriminator.builder().setConditionDim(C).optDfDim(8).build();
            run(d1, m, ps, m.zeros(new Shape(BATCH, 3, 64, 64)), m.zeros(new Shape(BATCH, C)));
            assertEquals(new Shape(8, 3, 4, 4), weight(d1, "down1_weight"));
            assertEquals(new Shape(64, 32, 4, 4), weight(d1, "down4_weight"));
            assertEquals(new Shape(64, 64 + C, 3, 3), weight(d1, "joint_weight"));
            // Stage-II discriminator at 64×64, dfDim 2: up to 32·2 at 4×4, then 3×3 convs to 32 and 16
            StageTwoDiscriminator d2 = StageTwoDiscriminator.builder().setConditionDim(C).optDfDim(2).optImageSize(64).build();
            run(d2, m, ps, m.zeros(new Shape(BATCH, 3, 64, 64)), m.zeros(new Shape(BATCH, C)));
            assertEquals(new Shape(64, 32, 4, 4), weight(d2, "down4_weight"));
            assertEquals(new Shape(16, 32, 3, 3), weight(d2, "reduce2_weight"));
        }
    }

    @Test
    void buildersRejectBadSizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StageOneGenerator.builder().setConditionDim(C).optImageSize(48).build());
        assertTrue(e.getMessage().contains("imageSize"));
        assertThrows(IllegalArgumentException.class,
                () -> StageOneDiscriminator.builder().setConditionDim(C).optImageSize(8).build());
        e = assertThrows(IllegalArgumentException.class,
                () -> StageTwoGenerator.builder().setConditionDim(C).setInputSize(64).optGfDim(6).build());
        assertTrue(e.getMessage().contains("gfDim"));
        e = assertThrows(IllegalArgumentException.class, () -> StageTwoGenerator.builder().setConditionDim(C).build());
        assertTrue(e.getMessage().contains("inputSize"));
        e = assertThrows(IllegalArgumentException.class, () -> StageTwoDiscriminator.builder().build());
        assertTrue(e.getMessage().contains("conditionDim"));
    }

    @Test
    void forwardRejectsAMismatchedCondition() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            StageOneGenerator g1 = StageOneGenerator.builder().setConditionDim(C).optZDim(Z).optGfDim(4).optImageSize(16).build();
            g1.initialize(m, DataType.FLOAT32, new Shape(BATCH, Z), new Shape(BATCH, C));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g1.forward(
                    new ParameterStore(m, false),
                    new NDList(m.zeros(new Shape(BATCH, Z)), m.zeros(new Shape(BATCH, C + 1))), false));
            assertTrue(e.getMessage().contains("cHat"));
        }
    }

    /** Initialises with the inputs' shapes, checks getOutputShapes agrees, returns the training-mode output. */
    static NDArray run(Block block, NDManager m, ParameterStore ps, NDArray a, NDArray b) {
        Shape[] shapes = {a.getShape(), b.getShape()};
        block.initialize(m, DataType.FLOAT32, shapes);
        NDArray out = block.forward(ps, new NDList(a, b), true).head();
        assertEquals(block.getOutputShapes(shapes)[0], out.getShape(), "getOutputShapes");
        return out;
    }

    private static Shape weight(Block block, String suffix) {
        Shape found = null;
        for (Pair<String, Parameter> p : block.getParameters()) {
            String key = p.getKey().replaceAll("^\\d+", "");
            if (key.equals(suffix)) {
                found = p.getValue().getArray().getShape();
            }
        }
        if (found == null) {
            throw new AssertionError("no " + suffix + " in " + block.getParameters().keys());
        }
        return found;
    }
}
