package dev.telltale.experiments.render;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A grid of generated images, each with its caption wrapped under it, as one PNG: what a sample
 * artifact looks like. Images are drawn one pixel per value (no scaling), so what the file shows is
 * exactly what the generator produced, mapped by {@code (x + 1) * 127.5}.
 */
public final class ImageGrid {

    /** White pixels around and between cells. */
    public static final int PADDING = 2;
    /** The narrowest a captioned cell gets, so that small images still have readable captions under them. */
    public static final int MIN_CAPTION_WIDTH = 128;
    /** Caption lines beyond this are cut (the last shown line ends with an ellipsis). */
    public static final int MAX_CAPTION_LINES = 8;
    // a logical font: always present, headless too (backed by DejaVu/Liberation via fontconfig)
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final Color TEXT = new Color(0x20, 0x20, 0x20);

    private ImageGrid() {
    }

    /** Where everything of a grid goes. {@code lines.get(i)} is caption i wrapped (empty without captions). */
    public record Layout(int size, int columns, int rows, int cellWidth, int captionHeight, int lineHeight, int ascent,
            List<List<String>> lines) {

        public int width() {
            return PADDING + columns * (cellWidth + PADDING);
        }

        public int height() {
            return PADDING + rows * (size + captionHeight + PADDING);
        }

        public Rectangle imageBounds(int index) {
            int column = index % columns;
            int row = index / columns;
            int x = PADDING + column * (cellWidth + PADDING) + (cellWidth - size) / 2;
            int y = PADDING + row * (size + captionHeight + PADDING);
            return new Rectangle(x, y, size, size);
        }

        /** The band under image {@code index} where its caption is written (empty without captions). */
        public Rectangle captionBounds(int index) {
            int column = index % columns;
            int row = index / columns;
            int x = PADDING + column * (cellWidth + PADDING);
            int y = PADDING + row * (size + captionHeight + PADDING) + size;
            return new Rectangle(x, y, cellWidth, captionHeight);
        }
    }

    /** The layout {@link #toImage} uses; validates the arguments like it. */
    public static Layout layout(List<float[]> imagesCHW, int size, List<String> captions, int columns) {
        Pixels.check(imagesCHW, size, "image");
        if (columns <= 0) {
            throw new IllegalArgumentException("columns must be positive, got " + columns);
        }
        if (captions != null && captions.size() != imagesCHW.size()) {
            throw new IllegalArgumentException(captions.size() + " captions for " + imagesCHW.size() + " images");
        }
        int n = imagesCHW.size();
        int usedColumns = Math.min(columns, n);
        int rows = (n + usedColumns - 1) / usedColumns;
        if (captions == null) {
            return new Layout(size, usedColumns, rows, size, 0, 0, 0, List.of());
        }
        int cellWidth = Math.max(size, MIN_CAPTION_WIDTH);
        FontMetrics metrics = metrics();
        List<List<String>> lines = new ArrayList<>();
        int maxLines = 0;
        for (String caption : captions) {
            List<String> wrapped = wrap(caption == null ? "" : caption, metrics, cellWidth - 4);
            lines.add(wrapped);
            maxLines = Math.max(maxLines, wrapped.size());
        }
        int captionHeight = maxLines * metrics.getHeight() + 4;
        return new Layout(size, usedColumns, rows, cellWidth, captionHeight, metrics.getHeight(), metrics.getAscent(), lines);
    }

    /**
     * The grid: image i (channels-first RGB in [-1, 1], {@code size x size}) in row i / columns,
     * column i % columns, with caption i under it when {@code captions} is not null.
     */
    public static BufferedImage toImage(List<float[]> imagesCHW, int size, List<String> captions, int columns) {
        Layout layout = layout(imagesCHW, size, captions, columns);
        BufferedImage image = new BufferedImage(layout.width(), layout.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            for (int i = 0; i < imagesCHW.size(); i++) {
                Rectangle r = layout.imageBounds(i);
                Pixels.draw(imagesCHW.get(i), size, image, r.x, r.y);
            }
            if (captions != null) {
                g.setFont(FONT);
                g.setColor(TEXT);
                g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
                for (int i = 0; i < imagesCHW.size(); i++) {
                    Rectangle band = layout.captionBounds(i);
                    int y = band.y + 2 + layout.ascent();
                    for (String line : layout.lines().get(i)) {
                        g.drawString(line, band.x + 2, y);
                        y += layout.lineHeight();
                    }
                }
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    public static void write(List<float[]> imagesCHW, int size, List<String> captions, int columns, Path png) {
        Pixels.writePng(toImage(imagesCHW, size, captions, columns), png);
    }

    private static FontMetrics metrics() {
        Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            return g.getFontMetrics(FONT);
        } finally {
            g.dispose();
        }
    }

    /** Greedy word wrap to {@code width} pixels; a word wider than a line is broken between characters. */
    static List<String> wrap(String text, FontMetrics metrics, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.trim().split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            String candidate = line.length() == 0 ? word : line + " " + word;
            if (metrics.stringWidth(candidate) <= width) {
                line.setLength(0);
                line.append(candidate);
                continue;
            }
            if (line.length() > 0) {
                lines.add(line.toString());
                line.setLength(0);
            }
            String rest = word;
            while (metrics.stringWidth(rest) > width && rest.length() > 1) {
                int cut = rest.length() - 1;
                while (cut > 1 && metrics.stringWidth(rest.substring(0, cut)) > width) {
                    cut--;
                }
                lines.add(rest.substring(0, cut));
                rest = rest.substring(cut);
            }
            line.append(rest);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        if (lines.size() > MAX_CAPTION_LINES) {
            List<String> cut = new ArrayList<>(lines.subList(0, MAX_CAPTION_LINES));
            String last = cut.get(MAX_CAPTION_LINES - 1);
            while (!last.isEmpty() && metrics.stringWidth(last + "…") > width) {
                last = last.substring(0, last.length() - 1);
            }
            cut.set(MAX_CAPTION_LINES - 1, last + "…");
            return cut;
        }
        return lines;
    }
}
