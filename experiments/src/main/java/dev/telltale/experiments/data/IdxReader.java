package dev.telltale.experiments.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads LeCun's IDX files (train-images-idx3-ubyte, train-labels-idx1-ubyte, plain or .gz) into
 * {@link MnistDigits}, so the full MNIST (or any IDX digit set) can replace the bundled 10,000.
 */
public final class IdxReader {

    static final int IMAGES_MAGIC = 2051; // 0x00000803: unsigned bytes, 3 dimensions
    static final int LABELS_MAGIC = 2049; // 0x00000801: unsigned bytes, 1 dimension

    private IdxReader() {
    }

    public static MnistDigits fromIdx(Path images, Path labels) {
        byte[] labelBytes;
        int count;
        try (DataInputStream in = open(labels)) {
            int magic = in.readInt();
            if (magic != LABELS_MAGIC) {
                throw new IllegalArgumentException(labels + ": not an IDX label file (magic " + magic
                    + ", expected " + LABELS_MAGIC + ")");
            }
            count = in.readInt();
            if (count < 0) {
                throw new IllegalArgumentException(labels + ": negative item count " + count);
            }
            labelBytes = readExactly(in, count, labels, "labels");
            if (in.read() != -1) {
                throw new IllegalArgumentException(labels + ": holds more than the " + count + " labels its header declares");
            }
        } catch (EOFException e) {
            throw new IllegalArgumentException(labels + ": truncated IDX header", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + labels, e);
        }
        for (int i = 0; i < count; i++) {
            if (labelBytes[i] < 0 || labelBytes[i] > 9) {
                throw new IllegalArgumentException(labels + ": label " + i + " is " + (labelBytes[i] & 0xff) + ", not 0..9");
            }
        }
        try (DataInputStream in = open(images)) {
            int magic = in.readInt();
            if (magic != IMAGES_MAGIC) {
                throw new IllegalArgumentException(images + ": not an IDX image file (magic " + magic
                    + ", expected " + IMAGES_MAGIC + ")");
            }
            int n = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (n != count) {
                throw new IllegalArgumentException(images + ": holds " + n + " images but " + labels + " holds "
                    + count + " labels");
            }
            if (rows <= 0 || cols <= 0) {
                throw new IllegalArgumentException(images + ": bad image size " + rows + "x" + cols);
            }
            long total = (long) n * rows * cols;
            if (total > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException(images + ": " + total + " pixels is too many to hold");
            }
            byte[] pixels = readExactly(in, (int) total, images, "pixels");
            if (in.read() != -1) {
                throw new IllegalArgumentException(images + ": holds more than the " + n + "x" + rows + "x" + cols
                    + " pixels its header declares");
            }
            return new MnistDigits(rows, cols, labelBytes, pixels);
        } catch (EOFException e) {
            throw new IllegalArgumentException(images + ": truncated IDX header", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + images, e);
        }
    }

    /** Opens a file, unzipping it when it starts with the gzip signature whatever its name. */
    private static DataInputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("IDX file " + file + " does not exist");
        }
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        InputStream in = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
        return new DataInputStream(in);
    }

    /**
     * Reads the n bytes a header declares. readNBytes grows its buffer as bytes arrive, so a header
     * that claims more than the file holds ends as "truncated", not as a 2 GB allocation.
     */
    private static byte[] readExactly(DataInputStream in, int n, Path file, String what) throws IOException {
        byte[] out = in.readNBytes(n);
        if (out.length < n) {
            throw new IllegalArgumentException(file + ": truncated, its header declares " + n + " bytes of " + what
                + " but it holds " + out.length);
        }
        return out;
    }
}
