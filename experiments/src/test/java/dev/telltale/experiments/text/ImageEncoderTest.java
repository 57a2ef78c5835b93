package dev.telltale.experiments.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageEncoderTest {

    @ParameterizedTest
    @ValueSource(ints = {16, 32})
    void mapsImagesToUnitEmbeddings(int size) {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            ImageEncoder encoder = ImageEncoder.builder().setEmbeddingDim(6).optWidth(4).setImageSize(size).build();
            encoder.initialize(m, DataType.FLOAT32, new Shape(2, 3, size, size));
            NDArray images = m.randomUniform(-1f, 1f, new Shape(2, 3, size, size));
            NDArray out = encoder.forward(new ParameterStore(m, false), new NDList(images), false).head();
            assertEquals(new Shape(2, 6), out.getShape());
            assertEquals(out.getShape(), encoder.getOutputShapes(new Shape[] {images.getShape()})[0]);
            assertArrayEquals(new float[] {1f, 1f}, out.square().sum(new int[] {1}).toFloatArray(), 1e-5f);
        }
    }

    @Test
    void rejectsWrongSizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageEncoder.builder().setEmbeddingDim(6).setImageSize(24).build());
        assertTrue(e.getMessage().contains("imageSize"));
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            ImageEncoder encoder = ImageEncoder.builder().setEmbeddingDim(6).optWidth(4).setImageSize(16).build();
            encoder.initialize(m, DataType.FLOAT32, new Shape(2, 3, 16, 16));
            assertThrows(IllegalArgumentException.class, () -> encoder.forward(
                    new ParameterStore(m, false), new NDList(m.zeros(new Shape(2, 3, 32, 32))), false));
        }
    }
}
