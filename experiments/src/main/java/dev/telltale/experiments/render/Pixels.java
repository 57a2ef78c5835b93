package dev.telltale.experiments.render;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** Between the generators' channels-first [-1, 1] floats and 8-bit RGB pixels. */
final class Pixels {

    private Pixels() {
    }

    /** {@code (x + 1) * 127.5}, rounded and clipped to 0..255; NaN (a diverged generator) is black. */
    static int toByte(float x) {
        if (Float.isNaN(x)) {
            return 0;
        }
        long v = Math.round((x + 1.0) * 127.5);
        return (int) Math.max(0, Math.min(255, v));
    }

    static float toFloat(int b) {
        return b / 127.5f - 1f;
    }

    static void check(List<float[]> images, int size, String what) {
        if (images == null || images.isEmpty()) {
            throw new IllegalArgumentException("no " + what + "s to draw");
        }
        if (size <= 0) {
            throw new IllegalArgumentException("size must be positive, got " + size);
        }
        for (int i = 0; i < images.size(); i++) {
            float[] image = images.get(i);
            if (image == null) {
                throw new IllegalArgumentException(what + " " + i + " is null");
            }
            if (image.length != 3 * size * size) {
                throw new IllegalArgumentException(what + " " + i + " holds " + image.length + " values, not 3 x " + size + " x " + size
                        + " = " + 3 * size * size);
            }
        }
    }

    /** Draws a channels-first image with its top-left corner at (x0, y0), one pixel per value. */
    static void draw(float[] chw, int size, BufferedImage target, int x0, int y0) {
        int plane = size * size;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int i = y * size + x;
                int rgb = toByte(chw[i]) << 16 | toByte(chw[plane + i]) << 8 | toByte(chw[2 * plane + i]);
                target.setRGB(x0 + x, y0 + y, rgb);
            }
        }
    }

    /** The channels-first [-1, 1] floats of a {@code width x height} region of an image. */
    static float[] read(BufferedImage image, int x0, int y0, int width, int height) {
        int plane = width * height;
        float[] chw = new float[3 * plane];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = image.getRGB(x0 + x, y0 + y);
                int i = y * width + x;
                chw[i] = toFloat(rgb >> 16 & 0xff);
                chw[plane + i] = toFloat(rgb >> 8 & 0xff);
                chw[2 * plane + i] = toFloat(rgb & 0xff);
            }
        }
        return chw;
    }

    static void writePng(BufferedImage image, Path png) {
        if (png == null) {
            throw new IllegalArgumentException("output file must be given");
        }
        try {
            Path parent = png.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (!ImageIO.write(image, "png", png.toFile())) {
                throw new IllegalStateException("no PNG writer in this JVM");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png, e);
        }
    }
}
