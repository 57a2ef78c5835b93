package dev.telltale.experiments.stackgan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class BlurredNegativesTest {

    @Test
    void aSharpSquareBecomesASoftBlobOfTheSameColourMassAndPlace() {
        int size = 32;
        float[] pixels = new float[3 * size * size];
        java.util.Arrays.fill(pixels, -1f);
        // a red square (channel 0 at +1) at rows and columns 12..19, inside the border's reach
        for (int y = 12; y < 20; y++) {
            for (int x = 12; x < 20; x++) {
                pixels[y * size + x] = 1f;
            }
        }
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray image = m.create(pixels, new Shape(1, 3, size, size));
            NDArray blurred = BlurredNegatives.blur(image, BlurredNegatives.radius(size));
            assertEquals(image.getShape(), blurred.getShape());
            float[] red = blurred.get("0, 0").toFloatArray();
            // the mass of the red channel above the background stays (the square is far from the border)
            double before = 0;
            double after = 0;
            for (int i = 0; i < size * size; i++) {
                before += pixels[i] + 1;
                after += red[i] + 1;
            }
            assertEquals(before, after, 1e-3 * before);
            // centred where it was
            double cy = 0;
            double cx = 0;
            for (int i = 0; i < size * size; i++) {
                cy += (i / size) * (red[i] + 1) / after;
                cx += (i % size) * (red[i] + 1) / after;
            }
            assertEquals(15.5, cy, 1e-3);
            assertEquals(15.5, cx, 1e-3);
            // the edge is gone: the largest step between neighbours falls from 2 to well under half of it,
            // and the corner is no longer as red as the middle
            assertTrue(largestStep(red, size) < 0.7, "largest step " + largestStep(red, size));
            assertTrue(red[12 * size + 12] < red[16 * size + 16] - 0.5, "corner " + red[12 * size + 12] + " vs middle " + red[16 * size + 16]);
            // untouched channels (flat) stay flat, borders included
            assertArrayEquals(blurred.get("0, 1").toFloatArray(), image.get("0, 1").toFloatArray(), 1e-6f);
        }
    }

    @Test
    void theRadiusFollowsTheImageSideAndBadInputIsRefused() {
        assertEquals(1, BlurredNegatives.radius(16));
        assertEquals(2, BlurredNegatives.radius(32));
        assertEquals(8, BlurredNegatives.radius(128));
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            assertThrows(IllegalArgumentException.class, () -> BlurredNegatives.blur(m.zeros(new Shape(3, 8, 8)), 1));
            assertThrows(IllegalArgumentException.class, () -> BlurredNegatives.blur(m.zeros(new Shape(1, 3, 8, 8)), 0));
        }
    }

    private static double largestStep(float[] plane, int size) {
        double most = 0;
        for (int a = 0; a < size; a++) {
            for (int b = 0; b + 1 < size; b++) {
                most = Math.max(most, Math.abs(plane[a * size + b + 1] - plane[a * size + b]));
                most = Math.max(most, Math.abs(plane[(b + 1) * size + a] - plane[b * size + a]));
            }
        }
        return most;
    }
}
