package dev.telltale.experiments.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;

/**
 * Grey-level handwritten digits with their labels: the 10,000 real MNIST digits bundled with the
 * project ({@link #bundled()}, made by experiments/data-tools/make-digits.sh), or any IDX pair
 * ({@link IdxReader#fromIdx}). Pixels are unsigned bytes, 0 = paper, 255 = full ink, row-major.
 */
public final class MnistDigits {

    static final String BUNDLED_RESOURCE = "/data/mnist-digits.bin.gz";
    private static final int MAGIC = 0x54544D44; // "TTMD"

    private static volatile MnistDigits bundled;

    private final int rows;
    private final int cols;
    private final byte[] labels;
    private final byte[] pixels;

    /**
     * @param labels one label 0..9 per digit
     * @param pixels labels.length × rows × cols unsigned intensities, row-major, digit after digit
     */
    public MnistDigits(int rows, int cols, byte[] labels, byte[] pixels) {
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("rows and cols must be positive, got " + rows + "x" + cols);
        }
        if ((long) labels.length * rows * cols != pixels.length) {
            throw new IllegalArgumentException("pixels must hold " + labels.length + " x " + rows + " x " + cols
                + " values, got " + pixels.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] > 9) {
                throw new IllegalArgumentException("labels[" + i + "] = " + labels[i] + " is not a digit 0..9");
            }
        }
        this.rows = rows;
        this.cols = cols;
        this.labels = labels.clone();
        this.pixels = pixels.clone();
    }

    /** The 10,000 MNIST digits shipped in the jar (read once, then shared; instances are immutable). */
    public static MnistDigits bundled() {
        MnistDigits local = bundled;
        if (local == null) {
            synchronized (MnistDigits.class) {
                local = bundled;
                if (local == null) {
                    local = readBundled();
                    bundled = local;
                }
            }
        }
        return local;
    }

    private static MnistDigits readBundled() {
        try (InputStream raw = MnistDigits.class.getResourceAsStream(BUNDLED_RESOURCE)) {
            if (raw == null) {
                throw new IllegalStateException("resource " + BUNDLED_RESOURCE + " is missing from the classpath");
            }
            DataInputStream in = new DataInputStream(new GZIPInputStream(raw, 1 << 16));
            int magic = in.readInt();
            int version = in.readInt();
            if (magic != MAGIC || version != 1) {
                throw new IllegalStateException(BUNDLED_RESOURCE + ": not a version-1 TTMD digit file");
            }
            int count = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            int area = rows * cols;
            byte[] labels = new byte[count];
            byte[] pixels = new byte[count * area];
            for (int i = 0; i < count; i++) {
                labels[i] = in.readByte();
                in.readFully(pixels, i * area, area);
            }
            return new MnistDigits(rows, cols, labels, pixels);
        } catch (EOFException e) {
            throw new IllegalStateException(BUNDLED_RESOURCE + " is truncated", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + BUNDLED_RESOURCE, e);
        }
    }

    public int count() {
        return labels.length;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public int label(int i) {
        checkIndex(i);
        return labels[i];
    }

    /** A copy of digit {@code i}'s rows × cols intensities (read as unsigned: {@code b & 0xff}). */
    public byte[] pixels(int i) {
        checkIndex(i);
        int area = rows * cols;
        byte[] out = new byte[area];
        System.arraycopy(pixels, i * area, out, 0, area);
        return out;
    }

    /** Intensity of digit {@code i} at (row, col) in 0..255, without copying. */
    int intensity(int i, int row, int col) {
        return pixels[(i * rows + row) * cols + col] & 0xff;
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= labels.length) {
            throw new IndexOutOfBoundsException("digit " + i + " outside 0.." + (labels.length - 1));
        }
    }
}
