package dev.telltale.experiments.text;

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
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class TextEncoderTest {

    private static final int VOCABULARY = 10;
    private static final int EMBEDDING = 6;

    private static TextEncoder encoder(NDManager m) {
        TextEncoder encoder = TextEncoder.builder()
                .setVocabularySize(VOCABULARY)
                .optWordDim(5)
                .optHiddenSize(4)
                .setEmbeddingDim(EMBEDDING)
                .build();
        encoder.initialize(m, DataType.FLOAT32, new Shape(2, 5));
        return encoder;
    }

    @Test
    void givesUnitEmbeddingsThatIgnoreTrailingPadding() {
        Engine.getEngine("PyTorch").setRandomSeed(3);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            TextEncoder encoder = encoder(m);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray batch = m.create(new int[] {4, 2, 7, 0, 0, 3, 9, 0, 0, 0}, new Shape(2, 5));
            NDArray out = encoder.forward(ps, new NDList(batch), false).head();

            assertEquals(new Shape(2, EMBEDDING), out.getShape());
            assertArrayEquals(new float[] {1f, 1f}, out.square().sum(new int[] {1}).toFloatArray(), 1e-5f);
            // each caption alone, without padding, encodes the same: PAD changes nothing
            NDArray first = encoder.forward(ps, new NDList(m.create(new long[] {4, 2, 7}, new Shape(1, 3))), false).head();
            NDArray second = encoder.forward(ps, new NDList(m.create(new long[] {3, 9}, new Shape(1, 2))), false).head();
            assertArrayEquals(first.toFloatArray(), out.get("0:1").toFloatArray(), 1e-5f);
            assertArrayEquals(second.toFloatArray(), out.get("1:2").toFloatArray(), 1e-5f);
            // different captions give different embeddings
            assertTrue(first.sub(second).abs().max().getFloat() > 1e-3f);
        }
    }

    @Test
    void gradientReachesTheUsedWordVectorsAndNeverPad() {
        Engine.getEngine("PyTorch").setRandomSeed(4);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            TextEncoder encoder = encoder(m);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray batch = m.create(new int[] {4, 2, 7, 0, 0, 3, 9, 0, 0, 0}, new Shape(2, 5));
            NDArray target = m.randomNormal(new Shape(2, EMBEDDING));
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray out = encoder.forward(ps, new NDList(batch), true).head();
                gc.backward(out.mul(target).sum());
            }
            NDArray grad = encoder.getParameters().get("wordEmbedding").getArray().getGradient();
            float[] perWord = grad.abs().sum(new int[] {1}).toFloatArray();
            for (int id = 0; id < VOCABULARY; id++) {
                boolean used = id == 2 || id == 3 || id == 4 || id == 7 || id == 9;
                assertEquals(used, perWord[id] > 0f, "word " + id + " gradient " + perWord[id]);
            }
        }
    }

    @Test
    void rejectsIdsOutsideTheVocabularyAndFloatTokens() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            TextEncoder encoder = encoder(m);
            ParameterStore ps = new ParameterStore(m, false);
            IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class,
                    () -> encoder.forward(ps, new NDList(m.create(new int[] {1, VOCABULARY}, new Shape(1, 2))), false));
            assertTrue(tooBig.getMessage().contains("vocabularySize"));
            assertThrows(IllegalArgumentException.class,
                    () -> encoder.forward(ps, new NDList(m.create(new float[] {1, 2}, new Shape(1, 2))), false));
        }
    }

    @Test
    void builderNamesTheMissingParameter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TextEncoder.builder().setVocabularySize(10).build());
        assertTrue(e.getMessage().contains("embeddingDim"));
        e = assertThrows(IllegalArgumentException.class, () -> TextEncoder.builder().setEmbeddingDim(8).build());
        assertTrue(e.getMessage().contains("vocabularySize"));
    }
}
