package dev.telltale.experiments.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GifTest {

    @TempDir
    Path tmp;

    /** A frame whose values sit exactly on pixel levels, with few colours (fits one palette). */
    private static float[] fewColours(int size, int frame) {
        float[] chw = new float[3 * size * size];
        int plane = size * size;
        for (int i = 0; i < plane; i++) {
            int x = i % size;
            int y = i / size;
            chw[i] = Pixels.toFloat((x * 30 + frame * 17) % 256);
            chw[plane + i] = Pixels.toFloat((y * 40) % 256);
            chw[2 * plane + i] = Pixels.toFloat(frame * 60 % 256);
        }
        return chw;
    }

    @Test
    void framesWithinOnePaletteComeBackExactly() {
        int size = 8;
        List<float[]> frames = new ArrayList<>();
        for (int f = 0; f < 4; f++) {
            frames.add(fewColours(size, f));
        }
        Path gif = tmp.resolve("video.gif");
        Gif.write(frames, size, 120, true, gif);
        List<float[]> back = Gif.read(gif);
        assertEquals(4, back.size());
        for (int f = 0; f < 4; f++) {
            assertArrayEquals(frames.get(f), back.get(f), 1e-6f, "frame " + f);
        }
        assertEquals(new Gif.Info(4, 8, 8, 120, true), Gif.info(gif));
    }

    @Test
    void encodedBytesAreWhatWriteStores() throws Exception {
        List<float[]> frames = List.of(fewColours(8, 0), fewColours(8, 1), fewColours(8, 2));
        Path gif = tmp.resolve("written.gif");
        Gif.write(frames, 8, 70, true, gif);
        assertArrayEquals(Files.readAllBytes(gif), Gif.encode(frames, 8, 70, true));
        assertThrows(IllegalArgumentException.class, () -> Gif.encode(frames, 8, 5, true), "delay under the format's 10 ms");
        assertThrows(IllegalArgumentException.class, () -> Gif.encode(frames, 9, 70, true), "frames of another size");
    }

    @Test
    void framesWithManyColoursComeBackWithinPaletteQuantisation() {
        int size = 24; // 576 random colours: more than one palette holds
        Random random = new Random(3);
        List<float[]> frames = new ArrayList<>();
        for (int f = 0; f < 3; f++) {
            float[] chw = new float[3 * size * size];
            for (int i = 0; i < chw.length; i++) {
                chw[i] = random.nextFloat() * 2 - 1;
            }
            frames.add(chw);
        }
        Path gif = tmp.resolve("noisy.gif");
        Gif.write(frames, size, 100, false, gif);
        List<float[]> back = Gif.read(gif);
        double sumError = 0;
        for (int f = 0; f < frames.size(); f++) {
            for (int i = 0; i < frames.get(f).length; i++) {
                sumError += Math.abs(frames.get(f)[i] - back.get(f)[i]);
            }
        }
        double meanError = sumError / (frames.size() * frames.get(0).length);
        // a uniform random value is off by 0.5 on average from a random other one: this is far closer
        assertTrue(meanError < 0.15, "mean error " + meanError);
        assertTrue(meanError > 0, "576 colours cannot all survive a 256-colour palette");
        Gif.Info info = Gif.info(gif);
        assertFalse(info.loop());
        assertEquals(100, info.delayMs());
    }

    @Test
    void delaysRoundToTheFormatsTenMilliseconds() {
        Path gif = tmp.resolve("d.gif");
        Gif.write(List.of(fewColours(4, 0), fewColours(4, 1)), 4, 84, true, gif);
        assertEquals(80, Gif.info(gif).delayMs());
    }

    @Test
    void aRewrittenFileHoldsOnlyTheNewAnimation() {
        Path gif = tmp.resolve("r.gif");
        Gif.write(List.of(fewColours(16, 0), fewColours(16, 1), fewColours(16, 2)), 16, 50, true, gif);
        Gif.write(List.of(fewColours(4, 0)), 4, 50, true, gif);
        assertEquals(new Gif.Info(1, 4, 4, 50, true), Gif.info(gif));
    }

    @Test
    void badInputIsRefused() throws Exception {
        Path gif = tmp.resolve("x.gif");
        assertThrows(IllegalArgumentException.class, () -> Gif.write(List.of(), 4, 100, true, gif));
        assertThrows(IllegalArgumentException.class, () -> Gif.write(List.of(new float[3]), 4, 100, true, gif));
        assertThrows(IllegalArgumentException.class, () -> Gif.write(List.of(fewColours(4, 0)), 4, 0, true, gif));
        assertThrows(IllegalArgumentException.class, () -> Gif.read(tmp.resolve("missing.gif")));
        Path text = Files.writeString(tmp.resolve("not.gif"), "hello");
        assertThrows(IllegalArgumentException.class, () -> Gif.read(text));
    }
}
