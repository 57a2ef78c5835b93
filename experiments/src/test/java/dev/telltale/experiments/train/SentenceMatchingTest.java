package dev.telltale.experiments.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.engine.Engine;
import dev.telltale.experiments.text.ContrastiveLoss;
import dev.telltale.experiments.text.ImageEncoder;
import org.junit.jupiter.api.Test;

class SentenceMatchingTest {

    private static ImageEncoder encoder(NDManager m) {
        ImageEncoder e = ImageEncoder.builder().setEmbeddingDim(6).optWidth(4).setImageSize(8).build();
        e.initialize(m, DataType.FLOAT32, new Shape(1, 3, 8, 8));
        return e;
    }

    @Test
    void itIsTheContrastiveLossOfTheEncodersReadingsAndPoolsLargerImagesDown() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            ImageEncoder e = encoder(m);
            SentenceMatching matching = new SentenceMatching(e, 8, 0.1f);
            NDArray small = m.randomUniform(-1, 1, new Shape(4, 3, 8, 8));
            NDArray text = m.randomNormal(new Shape(4, 6));
            NDArray read = e.forward(new ParameterStore(m, false), new NDList(small), false).singletonOrThrow();
            float expected = ContrastiveLoss.compute(text, read, 0.1f).getFloat();
            assertEquals(expected, matching.loss(small, text).getFloat(), 1e-5f);
            // each pixel repeated 2×2: pooled back to exactly the small image
            NDArray large = small.repeat(2, 2).repeat(3, 2);
            assertEquals(new Shape(4, 3, 16, 16), large.getShape());
            assertEquals(expected, matching.loss(large, text).getFloat(), 1e-5f);
            // captions shuffled against the images: the loss changes (it reads which caption goes with which image)
            NDArray shuffled = text.get(new ai.djl.ndarray.index.NDIndex("{}", m.create(new int[] {1, 0, 3, 2})));
            assertTrue(Math.abs(matching.loss(small, shuffled).getFloat() - expected) > 1e-4f);
            assertThrows(IllegalArgumentException.class, () -> matching.loss(m.zeros(new Shape(4, 3, 12, 12)), text));
        }
    }

    @Test
    void gradientsReachTheImagesButNotTheFrozenEncoder() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            ImageEncoder e = encoder(m);
            SentenceMatching matching = new SentenceMatching(e, 8, 0.1f);
            NDArray images = m.randomUniform(-1, 1, new Shape(4, 3, 16, 16));
            images.setRequiresGradient(true);
            NDArray text = m.randomNormal(new Shape(4, 6));
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                gc.backward(matching.loss(images, text));
            }
            float[] grad = images.getGradient().toFloatArray();
            double norm = 0;
            for (float g : grad) {
                norm += g * g;
            }
            assertTrue(norm > 0, "the loss moves the generated pixels");
            e.getParameters().values().forEach(p -> assertFalse(p.getArray().hasGradient(), p.getName() + " stays frozen"));
        }
    }
}
