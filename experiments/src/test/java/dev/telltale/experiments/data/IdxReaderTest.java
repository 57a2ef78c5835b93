package dev.telltale.experiments.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    @TempDir
    Path dir;

    private static final int N = 12;
    private static final int ROWS = 3;
    private static final int COLS = 4;

    private static byte[] labels() {
        byte[] labels = new byte[N];
        for (int i = 0; i < N; i++) {
            labels[i] = (byte) ((i * 7) % 10);
        }
        return labels;
    }

    private static byte[] pixels() {
        byte[] pixels = new byte[N * ROWS * COLS];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 37 + 200); // covers values above 127, read as unsigned
        }
        return pixels;
    }

    private static byte[] imageFile(int magic, int n, int rows, int cols, byte[] pixels) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        out.writeInt(n);
        out.writeInt(rows);
        out.writeInt(cols);
        out.write(pixels);
        return bytes.toByteArray();
    }

    private static byte[] labelFile(int magic, byte[] labels) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        out.writeInt(labels.length);
        out.write(labels);
        return bytes.toByteArray();
    }

    private Path write(String name, byte[] content, boolean gzip) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(content);
        }
        return file;
    }

    @Test
    void plainAndGzippedFilesRoundTrip() throws IOException {
        for (boolean gzip : new boolean[] {false, true}) {
            Path images = write("images-" + gzip, imageFile(2051, N, ROWS, COLS, pixels()), gzip);
            Path labels = write("labels-" + gzip, labelFile(2049, labels()), gzip);
            MnistDigits digits = IdxReader.fromIdx(images, labels);
            assertEquals(N, digits.count());
            assertEquals(ROWS, digits.rows());
            assertEquals(COLS, digits.cols());
            for (int i = 0; i < N; i++) {
                assertEquals(labels()[i], digits.label(i));
                byte[] expected = new byte[ROWS * COLS];
                System.arraycopy(pixels(), i * ROWS * COLS, expected, 0, expected.length);
                assertArrayEquals(expected, digits.pixels(i));
            }
        }
    }

    @Test
    void badMagicNamesTheFile() throws IOException {
        Path images = write("imgs.idx", imageFile(2049, N, ROWS, COLS, pixels()), false);
        Path labels = write("lbls.idx", labelFile(2049, labels()), false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IdxReader.fromIdx(images, labels));
        assertTrue(e.getMessage().contains("imgs.idx") && e.getMessage().contains("2051"), e.getMessage());

        Path wrongLabels = write("wrong-labels.idx", labelFile(2051, labels()), false);
        e = assertThrows(IllegalArgumentException.class, () -> IdxReader.fromIdx(images, wrongLabels));
        assertTrue(e.getMessage().contains("wrong-labels.idx"), e.getMessage());
    }

    @Test
    void sizeMismatchesAndTruncationNameTheFile() throws IOException {
        Path labels = write("labels.idx", labelFile(2049, labels()), false);
        Path fewer = write("fewer.idx", imageFile(2051, N - 1, ROWS, COLS, new byte[(N - 1) * ROWS * COLS]), false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IdxReader.fromIdx(fewer, labels));
        assertTrue(e.getMessage().contains("fewer.idx") && e.getMessage().contains(String.valueOf(N)), e.getMessage());

        byte[] full = imageFile(2051, N, ROWS, COLS, pixels());
        byte[] cut = java.util.Arrays.copyOf(full, full.length - 5);
        Path truncated = write("truncated.idx.gz", cut, true);
        e = assertThrows(IllegalArgumentException.class, () -> IdxReader.fromIdx(truncated, labels));
        assertTrue(e.getMessage().contains("truncated.idx.gz"), e.getMessage());

        byte[] longer = java.util.Arrays.copyOf(full, full.length + 3);
        Path trailing = write("trailing.idx", longer, false);
        e = assertThrows(IllegalArgumentException.class, () -> IdxReader.fromIdx(trailing, labels));
        assertTrue(e.getMessage().contains("trailing.idx"), e.getMessage());

        byte[] badLabels = labels();
        badLabels[3] = 10;
        Path eleven = write("eleven.idx", labelFile(2049, badLabels), false);
        Path images = write("images.idx", full, false);
        e = assertThrows(IllegalArgumentException.class, () -> IdxReader.fromIdx(images, eleven));
        assertTrue(e.getMessage().contains("eleven.idx"), e.getMessage());

        Path missing = dir.resolve("nowhere.idx");
        e = assertThrows(IllegalArgumentException.class, () -> IdxReader.fromIdx(missing, labels));
        assertTrue(e.getMessage().contains("nowhere.idx"), e.getMessage());
    }

    @Test
    void aHeaderThatClaimsMoreThanTheFileHoldsIsTruncatedNotAGiantAllocation() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(2049);
        out.writeInt(Integer.MAX_VALUE);
        out.write(labels());
        Path labels = write("liar.idx", bytes.toByteArray(), false);
        Path images = write("images.idx", imageFile(2051, N, ROWS, COLS, pixels()), false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IdxReader.fromIdx(images, labels));
        assertTrue(e.getMessage().contains("liar.idx") && e.getMessage().contains("truncated"), e.getMessage());

        Path realLabels = write("labels.idx", labelFile(2049, labels()), false);
        Path huge = write("huge.idx", imageFile(2051, N, 9000, 9000, pixels()), true);
        e = assertThrows(IllegalArgumentException.class, () -> IdxReader.fromIdx(huge, realLabels));
        assertTrue(e.getMessage().contains("huge.idx") && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void idxDigitsOfAnotherSizeFeedTheCaptionedDigits() throws IOException {
        Path images = write("images", imageFile(2051, N, ROWS, COLS, pixels()), true);
        Path labels = write("labels", labelFile(2049, labels()), false);
        MnistDigits digits = IdxReader.fromIdx(images, labels);
        // 12 digits over labels 0..9 leave some labels with one digit: TEST has none of those
        assertThrows(IllegalArgumentException.class, () -> CaptionedDigits.create(digits, 1, Split.TEST, 4));
        CaptionedSample s = CaptionedDigits.create(digits, 1, Split.TRAIN, 4).get(0, 16);
        assertEquals(3 * 16 * 16, s.image().length);
    }
}
