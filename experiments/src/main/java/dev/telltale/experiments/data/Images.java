package dev.telltale.experiments.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/** Conversions between Java2D images and the channels-first [-1, 1] arrays of {@link CaptionedSample}. */
final class Images {

    private Images() {
    }

    static BufferedImage newRgb(int width, int height) {
        return new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    }

    static Graphics2D antialiased(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        return g;
    }

    /** Any image type to a packed-RGB copy (grey and palette JPEG/PNG files included). */
    static BufferedImage toRgb(BufferedImage source) {
        // a sub-image shares its parent's buffer, so it is copied too before anyone reads the buffer
        if (source.getType() == BufferedImage.TYPE_INT_RGB && source.getRaster().getParent() == null) {
            return source;
        }
        BufferedImage rgb = newRgb(source.getWidth(), source.getHeight());
        Graphics2D g = rgb.createGraphics();
        g.drawImage(source, 0, 0, null);
        g.dispose();
        return rgb;
    }

    /** A square TYPE_INT_RGB image to 3 × size × size floats in [-1, 1]. */
    static float[] toChw(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        if (w != h) {
            throw new IllegalArgumentException("image must be square, got " + w + "x" + h);
        }
        int[] rgb = ((DataBufferInt) toRgb(image).getRaster().getDataBuffer()).getData();
        int plane = w * h;
        float[] out = new float[3 * plane];
        for (int p = 0; p < plane; p++) {
            int v = rgb[p];
            out[p] = ((v >> 16) & 0xff) / 127.5f - 1f;
            out[plane + p] = ((v >> 8) & 0xff) / 127.5f - 1f;
            out[2 * plane + p] = (v & 0xff) / 127.5f - 1f;
        }
        return out;
    }

    /**
     * High-quality downscale: repeated halving with bilinear filtering, then one final bilinear step,
     * so large photos do not alias the way a single bilinear step from 500 px to 76 px would.
     */
    static BufferedImage resize(BufferedImage source, int width, int height) {
        BufferedImage current = toRgb(source);
        while (current.getWidth() / 2 >= width && current.getHeight() / 2 >= height) {
            current = draw(current, current.getWidth() / 2, current.getHeight() / 2);
        }
        if (current.getWidth() != width || current.getHeight() != height) {
            current = draw(current, width, height);
        }
        return current;
    }

    private static BufferedImage draw(BufferedImage source, int width, int height) {
        BufferedImage out = newRgb(width, height);
        Graphics2D g = antialiased(out);
        g.drawImage(source, 0, 0, width, height, null);
        g.dispose();
        return out;
    }
}
