package dev.telltale.experiments.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageGridTest {

    @TempDir
    Path tmp;

    static float[] filled(int size, float value) {
        float[] image = new float[3 * size * size];
        Arrays.fill(image, value);
        return image;
    }

    static float[] random(int size, long seed) {
        Random random = new Random(seed);
        float[] image = new float[3 * size * size];
        for (int i = 0; i < image.length; i++) {
            image[i] = random.nextFloat() * 2 - 1;
        }
        return image;
    }

    private static int[] rgb(BufferedImage image, int x, int y) {
        int v = image.getRGB(x, y);
        return new int[] {v >> 16 & 0xff, v >> 8 & 0xff, v & 0xff};
    }

    @Test
    void valuesMapToPixelsByTheGeneratorRange() {
        int size = 2;
        int plane = size * size;
        float[] image = filled(size, 0f);
        // pixel (0,0): r -1 -> 0, g 0 -> 127.5 -> 128, b 1 -> 255
        image[0] = -1f;
        image[plane] = 0f;
        image[2 * plane] = 1f;
        // pixel (1,0): out of range clipped, 0.5 -> 191.25 -> 191
        image[1] = 2f;
        image[plane + 1] = -3f;
        image[2 * plane + 1] = 0.5f;
        // pixel (0,1): a diverged generator's NaN is black, -0.6 -> 51
        image[2] = Float.NaN;
        image[plane + 2] = -0.6f;
        BufferedImage grid = ImageGrid.toImage(List.of(filled(size, 1f), image), size, null, 2);
        Rectangle cell = ImageGrid.layout(List.of(filled(size, 1f), image), size, null, 2).imageBounds(1);
        assertArrayEquals(new int[] {0, 128, 255}, rgb(grid, cell.x, cell.y));
        assertArrayEquals(new int[] {255, 0, 191}, rgb(grid, cell.x + 1, cell.y));
        assertArrayEquals(new int[] {0, 51, 128}, rgb(grid, cell.x, cell.y + 1));
    }

    @Test
    void everyCellRoundTripsThroughTheWrittenPng() throws Exception {
        int size = 8;
        List<float[]> images = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            images.add(random(size, i));
        }
        Path png = tmp.resolve("out/grid.png");
        ImageGrid.write(images, size, null, 3, png);
        BufferedImage read = ImageIO.read(png.toFile());
        ImageGrid.Layout layout = ImageGrid.layout(images, size, null, 3);
        assertEquals(2, layout.rows());
        assertEquals(layout.width(), read.getWidth());
        assertEquals(layout.height(), read.getHeight());
        for (int i = 0; i < images.size(); i++) {
            Rectangle r = layout.imageBounds(i);
            float[] back = Pixels.read(read, r.x, r.y, size, size);
            assertArrayEquals(images.get(i), back, 0.5f / 127.5f + 1e-6f, "cell " + i);
        }
        // the sixth cell is empty: background
        Rectangle empty = layout.imageBounds(5);
        assertArrayEquals(new int[] {255, 255, 255}, rgb(read, empty.x + 3, empty.y + 3));
    }

    private static int darkPixels(BufferedImage image, Rectangle band) {
        int dark = 0;
        for (int y = band.y; y < band.y + band.height; y++) {
            for (int x = band.x; x < band.x + band.width; x++) {
                int[] c = rgb(image, x, y);
                if (c[0] + c[1] + c[2] < 3 * 128) {
                    dark++;
                }
            }
        }
        return dark;
    }

    @Test
    void captionsAreDrawnUnderTheirImagesAndWrapped() {
        int size = 16;
        List<float[]> images = List.of(filled(size, 1f), filled(size, 1f), filled(size, 1f));
        String longCaption = "a small yellow bird with black wings and a short pointed beak perched on a thin branch";
        List<String> captions = List.of("a red square", "", longCaption);
        ImageGrid.Layout layout = ImageGrid.layout(images, size, captions, 3);
        BufferedImage grid = ImageGrid.toImage(images, size, captions, 3);

        assertTrue(layout.cellWidth() >= ImageGrid.MIN_CAPTION_WIDTH);
        assertEquals(List.of("a red square"), layout.lines().get(0));
        assertTrue(layout.lines().get(2).size() > 1, "a long caption wraps");
        assertEquals(longCaption, String.join(" ", layout.lines().get(2)), "wrapping loses no word");
        assertTrue(darkPixels(grid, layout.captionBounds(0)) > 20, "text was drawn under image 0");
        assertEquals(0, darkPixels(grid, layout.captionBounds(1)), "an empty caption draws nothing");
        Rectangle band = layout.captionBounds(2);
        Rectangle secondLine = new Rectangle(band.x, band.y + 2 + layout.lineHeight(), band.width, layout.lineHeight());
        assertTrue(darkPixels(grid, secondLine) > 20, "the wrapped part is drawn on the next line");
        // the white images themselves stay white
        assertEquals(0, darkPixels(grid, layout.imageBounds(0)));
    }

    @Test
    void anOverlongCaptionIsCutWithAnEllipsis() {
        String endless = "word ".repeat(400).trim();
        ImageGrid.Layout layout = ImageGrid.layout(List.of(filled(8, 1f)), 8, List.of(endless), 1);
        List<String> lines = layout.lines().get(0);
        assertEquals(ImageGrid.MAX_CAPTION_LINES, lines.size());
        assertTrue(lines.get(lines.size() - 1).endsWith("…"), lines.toString());
        assertEquals(layout.captionHeight(), ImageGrid.MAX_CAPTION_LINES * layout.lineHeight() + 4);
    }

    @Test
    void badInputIsRefusedWithAClearMessage() {
        List<float[]> two = List.of(filled(4, 0f), filled(4, 0f));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageGrid.toImage(List.of(filled(4, 0f), new float[5]), 4, null, 2));
        assertTrue(e.getMessage().contains("image 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ImageGrid.toImage(List.of(), 4, null, 2));
        assertThrows(IllegalArgumentException.class, () -> ImageGrid.toImage(two, 0, null, 2));
        assertThrows(IllegalArgumentException.class, () -> ImageGrid.toImage(two, 4, null, 0));
        e = assertThrows(IllegalArgumentException.class, () -> ImageGrid.toImage(two, 4, List.of("one"), 2));
        assertTrue(e.getMessage().contains("1 captions for 2 images"), e.getMessage());
        List<float[]> withNull = new ArrayList<>(two);
        withNull.add(null);
        assertThrows(IllegalArgumentException.class, () -> ImageGrid.toImage(withNull, 4, null, 2));
    }
}
