package dev.telltale.experiments.tganc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.nn.Parameter;
import org.junit.jupiter.api.Test;

/** Output shapes of G, D0, D1, D2 and the encoder at small sizes, and the builders' checks. */
class TganShapesTest {

    @Test
    void everyNetworkGivesThePaperShapes() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            ParameterStore ps = new ParameterStore(m, false);
            int b = 3;
            SentenceEncoder enc = SentenceEncoder.builder().setVocabularySize(20).optWordDim(8).optHiddenSize(6).optSentenceDim(10).build();
            enc.initialize(m, DataType.FLOAT32, new Shape(b, 7));
            NDArray tokens = m.create(new int[] {3, 4, 5, 0, 0, 0, 0, 2, 2, 2, 2, 2, 2, 2, 9, 0, 0, 0, 0, 0, 0}, new Shape(b, 7));
            NDArray s = enc.forward(ps, new NDList(tokens), false).head();
            assertEquals(new Shape(b, 10), s.getShape());

            VideoGenerator g = VideoGenerator.builder().setSentenceDim(10).optZDim(5).optGfDim(4).optFrames(8).optFrameSize(16)
                    .optLevels(2).build();
            g.initialize(m, DataType.FLOAT32, new Shape(b, 5), new Shape(b, 10));
            NDArray video = g.forward(ps, new NDList(m.randomNormal(new Shape(b, 5)), s), false).head();
            assertEquals(new Shape(b, 3, 8, 16, 16), video.getShape());
            assertTrue(video.abs().max().getFloat() <= 1f, "tanh range");

            VideoDiscriminator d0 = VideoDiscriminator.builder().setSentenceDim(10).optDfDim(4).optFrames(8).optFrameSize(16).optLevels(2).build();
            d0.initialize(m, DataType.FLOAT32, video.getShape(), s.getShape());
            assertEquals(new Shape(b), d0.forward(ps, new NDList(video, s), false).head().getShape());

            FrameDiscriminator d1 = FrameDiscriminator.builder().setSentenceDim(10).optDfDim(4).optFrames(8).optFrameSize(16).optLevels(2).build();
            d1.initialize(m, DataType.FLOAT32, video.getShape(), s.getShape());
            NDList frames = d1.forward(ps, new NDList(video, s), false);
            assertEquals(new Shape(b, 8), frames.get(0).getShape());
            assertEquals(new Shape(b, 8, 8, 4, 4), frames.get(1).getShape(), "2·dfDim channels at 16/4 per frame");
            assertEquals(d1.featureShape(b), frames.get(1).getShape());

            MotionDiscriminator d2 = MotionDiscriminator.builder().setSentenceDim(10).optDfDim(4).optFrames(8).optFrameSize(16).optLevels(2).build();
            d2.initialize(m, DataType.FLOAT32, frames.get(1).getShape(), s.getShape());
            assertEquals(new Shape(b, 7), d2.forward(ps, new NDList(frames.get(1), s), false).head().getShape(), "one logit per consecutive pair");
        }
    }

    @Test
    void theContrastiveHeadCodesTheClipAndTheCaptionApartFromOnePassOfD1() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            ParameterStore ps = new ParameterStore(m, false);
            int b = 3;
            SentenceEncoder enc = SentenceEncoder.builder().setVocabularySize(20).optWordDim(8).optHiddenSize(6).optSentenceDim(10).build();
            VideoDiscriminator d0 = VideoDiscriminator.builder().setSentenceDim(10).optDfDim(4).optFrames(4).optFrameSize(16).optLevels(2).build();
            FrameDiscriminator d1 = FrameDiscriminator.builder().setSentenceDim(10).optDfDim(4).optFrames(4).optFrameSize(16).optLevels(2).build();
            Discriminators d = new Discriminators(enc, d0, d1, null, new ContrastiveHead(6));
            assertTrue(d.hasContrastiveHead());
            Shape clipShape = new Shape(b, 3, 4, 16, 16);
            d.initialize(m, DataType.FLOAT32, clipShape, new Shape(b, 5));
            NDArray clip = m.randomUniform(-1, 1, clipShape);
            NDArray other = m.randomUniform(-1, 1, clipShape);
            NDArray s = m.randomNormal(new Shape(b, 10));
            Discriminators.Judged j = d.judgeWithCodes(ps, clip, s, true);
            assertEquals(new Shape(b, 6), j.clipCode().getShape());
            assertEquals(new Shape(b, 6), j.textCode().getShape());
            NDList plain = d.judge(ps, clip, s, true);
            assertEquals(plain.size(), j.outputs().size());
            for (int k = 0; k < plain.size(); k++) {
                assertEquals(plain.get(k), j.outputs().get(k), "the logits are the plain pass's");
            }
            Discriminators.Judged otherClip = d.judgeWithCodes(ps, other, s, true);
            Discriminators.Judged otherCaption = d.judgeWithCodes(ps, clip, s.mul(-1f), true);
            assertEquals(j.textCode(), otherClip.textCode(), "the text code reads only S");
            assertEquals(j.textCode(), d.textCode(ps, s, true));
            assertTrue(j.clipCode().sub(otherClip.clipCode()).abs().max().getFloat() > 1e-5f, "the clip code follows the clip");
            assertEquals(j.clipCode(), otherCaption.clipCode(), "the clip code reads only the clip");
            // the same frames played backwards show the same digit moving the other way: the code must tell
            NDArray backwards = d.judgeWithCodes(ps, clip.flip(2), s, true).clipCode();
            assertTrue(j.clipCode().sub(backwards).abs().max().getFloat() > 1e-5f, "the clip code reads the frames' order");
            try (ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getEngine("PyTorch").newGradientCollector()) {
                Discriminators.Judged fresh = d.judgeWithCodes(ps, clip, s, true);
                gc.backward(dev.telltale.experiments.text.ContrastiveLoss.compute(fresh.textCode(), fresh.clipCode(), 0.1f));
            }
            int checked = 0;
            for (ai.djl.util.Pair<String, Parameter> p : d.getParameters()) {
                if (p.getKey().contains("clipCode") || p.getKey().contains("textCode") || p.getKey().contains("d1_01down1")) {
                    checked++;
                    float g = p.getValue().getArray().getGradient().abs().sum().getFloat();
                    assertTrue(g > 0 && Float.isFinite(g), p.getKey() + " gradient " + g + ": the loss reaches the head and D1's trunk");
                }
            }
            assertTrue(checked >= 5, "both codes' weights and biases and D1's first convolution: " + checked);
        }
    }

    /** G of a small run's parameters, built as training builds it, with the named option on (null: none). */
    private static VideoGenerator smallGenerator(String option) {
        java.util.Map<String, Object> p = new java.util.HashMap<>(java.util.Map.of("sentenceDim", 10, "zDim", 5, "gfDim", 4,
                "frames", 8, "frameSize", 16, "levels", 2));
        if (option != null) {
            p.put(option, true);
        }
        return dev.telltale.experiments.train.TganTraining.generator(new dev.telltale.experiments.train.ParamMap(p));
    }

    @Test
    void aConditionallyNormalisedGeneratorPassesSToEveryBlockFromTheRunsParameters() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            ParameterStore ps = new ParameterStore(m, false);
            assertTrue(!smallGenerator(null).hasConditionalNorm(), "checkpoints from before the option: plain batch norm");
            VideoGenerator g = smallGenerator("conditionalNorm");
            assertTrue(g.hasConditionalNorm());
            g.initialize(m, DataType.FLOAT32, new Shape(3, 5), new Shape(3, 10));
            try (ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray video = g.forward(ps, new NDList(m.randomNormal(new Shape(3, 5)), m.randomNormal(new Shape(3, 10))), true).head();
                assertEquals(new Shape(3, 3, 8, 16, 16), video.getShape());
                gc.backward(video.square().mean());
            }
            long learning = g.getParameters().stream().filter(e -> e.getKey().contains("CNorm") && e.getKey().contains("affine"))
                    .peek(e -> assertTrue(e.getValue().getArray().getGradient().abs().sum().getFloat() > 0, e.getKey()))
                    .count();
            assertEquals(2 * 2, learning, "weight and bias of the map in each of the 2 blocks");
        }
    }

    @Test
    void aContentMotionGeneratorDrawsOneContentIntoEveryFrameMovedOnlyByTheMotionCode() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            ParameterStore ps = new ParameterStore(m, false);
            assertTrue(!smallGenerator(null).hasContentMotion(), "checkpoints from before the option: the paper's 3-D generator");
            VideoGenerator g = smallGenerator("contentMotion");
            assertTrue(g.hasContentMotion());
            g.initialize(m, DataType.FLOAT32, new Shape(3, 5), new Shape(3, 10));
            NDArray z = m.randomNormal(new Shape(3, 5));
            NDArray s = m.randomNormal(new Shape(3, 10));
            try (ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray video = g.forward(ps, new NDList(z, s), true).head();
                assertEquals(new Shape(3, 3, 8, 16, 16), video.getShape());
                float spread = video.sub(video.get(":, :, :1").repeat(2, 8)).abs().max().getFloat();
                assertTrue(spread > 1e-4f, "the motion code tells the frames apart: " + spread);
                gc.backward(video.square().mean());
            }
            for (var e : g.getParameters()) {
                if (e.getValue().requiresGradient() && e.getKey().matches(".*(fc|motionFc|up\\d|toVideo).*weight")) {
                    assertTrue(e.getValue().getArray().getGradient().abs().sum().getFloat() > 0, e.getKey() + " learns");
                }
            }
            // with a motion code that is the same for every frame (no weights; batch statistics and a
            // new norm's zero shift), every frame is the same picture: nothing else varies over time
            g.getParameters().stream().filter(e -> e.getKey().contains("motionFc")).forEach(e -> e.getValue().getArray().muli(0));
            NDArray still = g.forward(ps, new NDList(z, s), true).head();
            float still0 = still.sub(still.get(":, :, :1").repeat(2, 8)).abs().max().getFloat();
            assertTrue(still0 < 1e-6f, "frames differ only through the motion code: " + still0);
            assertTrue(still.sub(still.get(":1").repeat(0, 3)).abs().max().getFloat() > 1e-4f, "clips still differ by z and S");

            // the paper's generator, same sizes, draws frames apart through its 3x3x3 kernels alone
            VideoGenerator paper = VideoGenerator.builder().setSentenceDim(10).optZDim(5).optGfDim(4).optFrames(8).optFrameSize(16)
                    .optLevels(2).build();
            paper.initialize(m, DataType.FLOAT32, new Shape(3, 5), new Shape(3, 10));
            NDArray v = paper.forward(ps, new NDList(z, s), false).head();
            assertTrue(v.sub(v.get(":, :, :1").repeat(2, 8)).abs().max().getFloat() > 1e-4f);
        }
    }

    @Test
    void paperSizesStartFromOneByThreeByThree() {
        VideoGenerator g = VideoGenerator.builder().setSentenceDim(8).optFrames(16).optFrameSize(48).optLevels(4).optGfDim(2).optZDim(4).build();
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            g.initialize(m, DataType.FLOAT32, new Shape(1, 4), new Shape(1, 8));
            assertEquals(new Shape(1, 3, 16, 48, 48), g.getOutputShapes(new Shape[] {new Shape(1, 4), new Shape(1, 8)})[0]);
            NDArray v = g.forward(new ParameterStore(m, false), new NDList(m.zeros(new Shape(1, 4)), m.zeros(new Shape(1, 8))), false).head();
            assertEquals(new Shape(1, 3, 16, 48, 48), v.getShape());
        }
    }

    @Test
    void buildersRejectSizesTheStrideStackCannotReach() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VideoGenerator.builder().setSentenceDim(8).optFrames(12).optLevels(4).build());
        assertTrue(e.getMessage().startsWith("frames"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> VideoDiscriminator.builder().optFrameSize(40).optLevels(4).setSentenceDim(4).build());
        assertThrows(IllegalArgumentException.class, () -> FrameDiscriminator.builder().build(), "sentenceDim is required");
        assertThrows(IllegalArgumentException.class, () -> SentenceEncoder.builder().build());
    }

    @Test
    void sentenceIsTheStateAtTheLastRealWordSoPaddingDoesNotMatter() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            SentenceEncoder enc = SentenceEncoder.builder().setVocabularySize(12).optWordDim(6).optHiddenSize(5).optSentenceDim(7).build();
            enc.setInitializer(new NormalInitializer(0.5f), Parameter.Type.WEIGHT);
            enc.initialize(m, DataType.FLOAT32, new Shape(2, 4));
            ParameterStore ps = new ParameterStore(m, false);
            NDArray shortPad = enc.forward(ps, new NDList(m.create(new int[] {4, 7, 0, 0, 4, 7, 9, 0}, new Shape(2, 4))), false).head();
            NDArray longPad = enc.forward(ps, new NDList(m.create(new int[] {4, 7, 0, 0, 0, 0, 4, 7, 9, 0, 0, 0}, new Shape(2, 6))), false).head();
            float[] a = shortPad.toFloatArray();
            float[] c = longPad.toFloatArray();
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], c[i], 1e-5, "padding length changes nothing");
            }
            double diff = 0;
            for (int i = 0; i < 7; i++) {
                diff += Math.abs(a[i] - a[7 + i]);
            }
            assertTrue(diff > 1e-3, "a third word changes S");
        }
    }
}
