package dev.telltale.experiments.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameStripTest {

    @TempDir
    Path tmp;

    @Test
    void framesSitSideBySideSeparatedByWhite() throws Exception {
        int size = 6;
        List<float[]> frames = List.of(ImageGridTest.random(size, 1), ImageGridTest.random(size, 2), ImageGridTest.random(size, 3));
        Path png = tmp.resolve("strip.png");
        FrameStrip.write(frames, size, png);
        BufferedImage strip = ImageIO.read(png.toFile());
        assertEquals(3 * size + 2 * FrameStrip.GAP, strip.getWidth());
        assertEquals(size, strip.getHeight());
        for (int f = 0; f < frames.size(); f++) {
            assertArrayEquals(frames.get(f), Pixels.read(strip, f * (size + FrameStrip.GAP), 0, size, size), 0.5f / 127.5f + 1e-6f);
        }
        assertEquals(0xffffff, strip.getRGB(size, 0) & 0xffffff);
        assertThrows(IllegalArgumentException.class, () -> FrameStrip.toImage(List.of(new float[2]), size));
    }
}
