package dev.telltale.experiments.render;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

/** The frames of a video side by side in one PNG, to see motion at a glance where a GIF cannot play. */
public final class FrameStrip {

    /** White pixels between two frames. */
    public static final int GAP = 2;

    private FrameStrip() {
    }

    /** Frame {@code i} (channels-first, [-1, 1], {@code size x size}) at x = i * (size + GAP). */
    public static BufferedImage toImage(List<float[]> framesCHW, int size) {
        Pixels.check(framesCHW, size, "frame");
        int n = framesCHW.size();
        BufferedImage image = new BufferedImage(n * size + (n - 1) * GAP, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.dispose();
        for (int i = 0; i < n; i++) {
            Pixels.draw(framesCHW.get(i), size, image, i * (size + GAP), 0);
        }
        return image;
    }

    public static void write(List<float[]> framesCHW, int size, Path png) {
        Pixels.writePng(toImage(framesCHW, size), png);
    }
}
