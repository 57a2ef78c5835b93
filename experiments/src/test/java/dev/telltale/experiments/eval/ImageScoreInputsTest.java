package dev.telltale.experiments.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageScoreInputsTest {

    @Test
    void batchesImagesInOrder() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            float[] a = new float[12];
            float[] b = new float[12];
            float[] c = new float[12];
            for (int i = 0; i < 12; i++) {
                a[i] = i;
                b[i] = 100 + i;
                c[i] = 200 + i;
            }
            NDArray batch = ImageScoreInputs.batch(manager, List.of(a, b, c), 2, 1, 3);
            assertEquals(new Shape(2, 3, 2, 2), batch.getShape());
            assertEquals(100f, batch.getFloat(0, 0, 0, 0));
            assertEquals(211f, batch.getFloat(1, 2, 1, 1));
            assertThrows(IllegalArgumentException.class, () -> ImageScoreInputs.batch(manager, List.of(a, new float[5]), 2, 0, 2));
            assertThrows(IllegalArgumentException.class, () -> ImageScoreInputs.batch(manager, List.of(a), 2, 0, 2));
        }
    }

    @Test
    void resizeIsBilinearWithHalfPixelCentres() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray x = manager.create(new float[] {0, 1, 2, 3}, new Shape(1, 1, 2, 2));
            // by hand: output pixel i samples source (i + 1/2) / 2 − 1/2, clamped to [0, 1]
            // rows a = [0, .25, .75, 1], b = [2, 2.25, 2.75, 3]; middle rows .75a + .25b and .25a + .75b
            float[] expected = {
                0f, 0.25f, 0.75f, 1f,
                0.5f, 0.75f, 1.25f, 1.5f,
                1.5f, 1.75f, 2.25f, 2.5f,
                2f, 2.25f, 2.75f, 3f};
            assertArrayEquals(expected, ImageScoreInputs.resize(x, 4).toFloatArray(), 1e-6f);
        }
    }

    @Test
    void shrinkingAveragesBlocks() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            float[] values = new float[16];
            for (int i = 0; i < 16; i++) {
                values[i] = i;
            }
            NDArray x = manager.create(values, new Shape(1, 1, 4, 4));
            // 2x2 block means of [0..15] laid out 4 x 4
            float[] expected = {(0 + 1 + 4 + 5) / 4f, (2 + 3 + 6 + 7) / 4f, (8 + 9 + 12 + 13) / 4f, (10 + 11 + 14 + 15) / 4f};
            assertArrayEquals(expected, ImageScoreInputs.resize(x, 2).toFloatArray(), 1e-6f);
            assertEquals(x, ImageScoreInputs.resize(x, 4));
        }
    }
}
