package dev.telltale.experiments.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.experiments.render.FrameStrip;
import dev.telltale.experiments.render.Gif;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bouncing-digit clip survives the GIF export (looping, timed) and the frame strip. */
class VideoGifTest {

    @TempDir
    Path dir;

    @Test
    void aClipReadsBackFromItsGifWithinPaletteQuantisation() {
        VideoSample clip = BouncingDigits.create(BouncingDigits.TWO, MnistDigits.bundled(), 9, Split.TRAIN, 2).get(1, 10, 32);
        Path gif = dir.resolve("clip.gif");
        Gif.write(clip.frames(), 32, 80, true, gif);
        assertEquals(new Gif.Info(10, 32, 32, 80, true), Gif.info(gif));
        List<float[]> back = Gif.read(gif);
        assertEquals(10, back.size());
        double worst = 0;
        for (int t = 0; t < 10; t++) {
            float[] a = clip.frames().get(t);
            float[] b = back.get(t);
            for (int i = 0; i < a.length; i++) {
                worst = Math.max(worst, Math.abs(a[i] - b[i]));
            }
        }
        // grey frames need at most 256 palette entries; the 8-bit rounding costs half a level (1/255 in [-1, 1])
        assertTrue(worst <= 2.5 / 127.5, "largest error " + worst);
        Path strip = dir.resolve("clip.png");
        FrameStrip.write(clip.frames(), 32, strip);
        assertTrue(Files.isRegularFile(strip));
    }
}
