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
