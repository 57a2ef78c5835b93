package dev.telltale.experiments.data;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Random;

/**
 * A photo resized to StackGAN's load size (76/64 of the training side), before its random crop and
 * flip: training keeps these, three bytes a pixel, and draws a fresh crop and flip each time it
 * takes the image, as StackGAN's loader does every batch.
 */
public final class LoadSizedImage {

    private final int side;
    private final byte[] rgb;

    private LoadSizedImage(int side, byte[] rgb) {
        this.side = side;
        this.rgb = rgb;
    }

    /** A square image, any type. */
    static LoadSizedImage of(BufferedImage square) {
        int side = square.getWidth();
        if (square.getHeight() != side) {
            throw new IllegalArgumentException("image must be square, got " + side + "x" + square.getHeight());
        }
        int[] packed = ((DataBufferInt) Images.toRgb(square).getRaster().getDataBuffer()).getData();
        byte[] rgb = new byte[3 * packed.length];
        for (int p = 0; p < packed.length; p++) {
            rgb[3 * p] = (byte) (packed[p] >> 16);
            rgb[3 * p + 1] = (byte) (packed[p] >> 8);
            rgb[3 * p + 2] = (byte) packed[p];
        }
        return new LoadSizedImage(side, rgb);
    }

    public int side() {
        return side;
    }

    /** Bytes this image holds, for sizing a dataset against the heap. */
    public long bytes() {
        return rgb.length;
    }

    /**
     * A resolution × resolution window at a random offset, flipped left-right half the time, as
     * channels-first floats in [-1, 1]. StackGAN's transform draws each offset as floor((load − size)
     * × uniform[0, 1)), so 0..11 for 76 → 64.
     */
    public float[] augment(int resolution, Random augmentation) {
        if (resolution <= 0 || resolution > side) {
            throw new IllegalArgumentException("resolution must be in 1.." + side + ", got " + resolution);
        }
        int x0 = augmentation.nextInt(Math.max(1, side - resolution));
        int y0 = augmentation.nextInt(Math.max(1, side - resolution));
        boolean flip = augmentation.nextBoolean();
        int plane = resolution * resolution;
        float[] out = new float[3 * plane];
        for (int y = 0; y < resolution; y++) {
            for (int x = 0; x < resolution; x++) {
                int sx = flip ? x0 + resolution - 1 - x : x0 + x;
                int at = 3 * ((y0 + y) * side + sx);
                int p = y * resolution + x;
                out[p] = (rgb[at] & 0xff) / 127.5f - 1f;
                out[plane + p] = (rgb[at + 1] & 0xff) / 127.5f - 1f;
                out[2 * plane + p] = (rgb[at + 2] & 0xff) / 127.5f - 1f;
            }
        }
        return out;
    }
}
