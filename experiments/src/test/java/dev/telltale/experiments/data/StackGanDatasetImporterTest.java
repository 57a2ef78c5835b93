package dev.telltale.experiments.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackGanDatasetImporterTest {

    @TempDir
    Path root;

    /** class -> images in it; TRAIN classes first, TEST class last. */
    private static final Map<String, Integer> CLASSES = Map.of("001.Red_bird", 3, "002.Blue_bird", 2, "003.Test_bird", 2);

    @BeforeEach
    void writeFixture() throws IOException {
        Files.writeString(root.resolve("trainclasses.txt"), "001.Red_bird\n002.Blue_bird\n");
        Files.writeString(root.resolve("testclasses.txt"), "003.Test_bird\n");
        for (Map.Entry<String, Integer> c : CLASSES.entrySet()) {
            Path images = Files.createDirectories(root.resolve("images").resolve(c.getKey()));
            Path texts = Files.createDirectories(root.resolve("text_c10").resolve(c.getKey()));
            for (int k = 0; k < c.getValue(); k++) {
                String name = c.getKey().substring(4) + "_" + k;
                // left half red, right half blue: a flip is visible
                BufferedImage image = new BufferedImage(40 + 8 * k, 30, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = image.createGraphics();
                g.setColor(Color.RED);
                g.fillRect(0, 0, image.getWidth() / 2, 30);
                g.setColor(Color.BLUE);
                g.fillRect(image.getWidth() / 2, 0, image.getWidth() - image.getWidth() / 2, 30);
                g.dispose();
                ImageIO.write(image, "png", images.resolve(name + ".png").toFile());
                List<String> lines = new ArrayList<>();
                for (int line = 0; line < 10; line++) {
                    lines.add("caption " + line + " of " + name);
                }
                Files.write(texts.resolve(name + ".txt"), lines);
            }
        }
    }

    @Test
    void opensTheSplitsClassesWithTheirCaptions() {
        CaptionedDataset train = StackGanDatasetImporter.open(root, "cub", Split.TRAIN, 1);
        CaptionedDataset test = StackGanDatasetImporter.open(root, "cub", Split.TEST, 1);
        assertEquals(5, train.size());
        assertEquals(2, test.size());
        assertEquals(List.of("class"), train.judgedAttributes());
        assertEquals(List.of("001.Red_bird", "002.Blue_bird", "003.Test_bird"), train.attributeValues().get("class"));
        assertEquals(train.attributeValues(), test.attributeValues());
        for (int i = 0; i < train.size(); i++) {
            CaptionedSample s = train.get(i, 16);
            String c = s.attributes().get("class");
            assertTrue(c.equals("001.Red_bird") || c.equals("002.Blue_bird"), c);
            assertEquals(train.attributes(i), s.attributes());
            assertEquals(10, s.captions().size());
            String name = ((StackGanDatasetImporter) train).imagePath(i).getFileName().toString().replace(".png", "");
            assertEquals("caption 0 of " + name, s.captions().get(0));
            assertEquals(3 * 16 * 16, s.image().length);
            SampleChecks.assertInRange(s.image());
        }
        assertEquals("003.Test_bird", test.attributes(1).get("class"));
    }

    @Test
    void theFirstImagesOfASplitTakeEachClassInTurn() {
        CaptionedDataset train = StackGanDatasetImporter.open(root, "cub", Split.TRAIN, 1);
        List<String> order = new ArrayList<>();
        for (int i = 0; i < train.size(); i++) {
            order.add(train.attributes(i).get("class"));
        }
        // evaluations read the first N images: in class order those would be one class
        assertEquals(List.of("001.Red_bird", "002.Blue_bird", "001.Red_bird", "002.Blue_bird", "001.Red_bird"), order);
    }

    @Test
    void classListsWrittenWithAByteOrderMarkAndCrlfRead() throws IOException {
        Files.write(root.resolve("trainclasses.txt"),
                "\uFEFF001.Red_bird\r\n002.Blue_bird\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        CaptionedDataset train = StackGanDatasetImporter.open(root, "cub", Split.TRAIN, 1);
        assertEquals(5, train.size());
        assertEquals(List.of("001.Red_bird", "002.Blue_bird", "003.Test_bird"), train.attributeValues().get("class"));
    }

    @Test
    void getIsDeterministicAndAugmentationVariesCropAndFlip() {
        StackGanDatasetImporter ds = StackGanDatasetImporter.openImporter(root, "oxford102", Split.TRAIN, 5);
        assertArrayEquals(ds.get(2, 32).image(), ds.get(2, 32).image(), 0f);
        int redLeft = 0;
        int blueLeft = 0;
        Random rng = new Random(9);
        for (int draw = 0; draw < 40; draw++) {
            float[] image = ds.get(0, 32, rng).image();
            double[] left = SampleChecks.rgb(image, 32, 1, 16);
            double[] right = SampleChecks.rgb(image, 32, 30, 16);
            if (left[0] > 200 && right[2] > 200) {
                redLeft++;
            } else if (left[2] > 200 && right[0] > 200) {
                blueLeft++;
            }
        }
        assertEquals(40, redLeft + blueLeft, "every view is the picture, flipped or not");
        assertTrue(redLeft > 5 && blueLeft > 5, redLeft + " unflipped, " + blueLeft + " flipped");
    }

    @Test
    void preprocessingCropsAContiguousWindowOfTheLoadSizeImage() {
        assertEquals(76, StackGanDatasetImporter.loadSize(64));
        assertEquals(304, StackGanDatasetImporter.loadSize(256));
        // a 76 x 76 gradient is already at the load size, so the crop must be a 64 x 64 window of it
        BufferedImage gradient = new BufferedImage(76, 76, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 76; y++) {
            for (int x = 0; x < 76; x++) {
                gradient.setRGB(x, y, (3 * x) << 16 | (3 * y) << 8);
            }
        }
        boolean sawFlip = false;
        boolean sawOffset = false;
        Random rng = new Random(4);
        for (int draw = 0; draw < 20; draw++) {
            float[] out = StackGanDatasetImporter.preprocess(gradient, 64, rng);
            int plane = 64 * 64;
            java.util.function.IntBinaryOperator red = (x, y) -> Math.round((out[y * 64 + x] + 1f) * 127.5f);
            java.util.function.IntBinaryOperator green = (x, y) -> Math.round((out[plane + y * 64 + x] + 1f) * 127.5f);
            int x0 = red.applyAsInt(0, 0) / 3;
            int y0 = green.applyAsInt(0, 0) / 3;
            boolean flipped = red.applyAsInt(1, 0) < red.applyAsInt(0, 0);
            for (int y = 0; y < 64; y++) {
                for (int x = 0; x < 64; x++) {
                    int expectedX = flipped ? x0 - x : x0 + x;
                    assertEquals(3 * expectedX, red.applyAsInt(x, y));
                    assertEquals(3 * (y0 + y), green.applyAsInt(x, y));
                }
            }
            int left = flipped ? x0 - 63 : x0;
            assertTrue(left >= 0 && left <= 11 && y0 >= 0 && y0 <= 11, "StackGAN's offsets: " + left + ", " + y0);
            sawFlip |= flipped;
            sawOffset |= left != 0 || y0 != 0;
        }
        assertTrue(sawFlip && sawOffset);
    }

    @Test
    void birdsAreCroppedToTheirEnlargedBoundingBox() throws IOException {
        // StackGAN: R = int(max(w, h) * 0.75) around the box centre, clipped to the image
        BufferedImage image = new BufferedImage(100, 80, BufferedImage.TYPE_INT_RGB);
        BufferedImage crop = StackGanDatasetImporter.cropToBox(image, new int[] {10, 20, 30, 10});
        // R = 22, centre (25, 25): x 3..47, y 3..47
        assertEquals(44, crop.getWidth());
        assertEquals(44, crop.getHeight());
        BufferedImage clipped = StackGanDatasetImporter.cropToBox(image, new int[] {80, 60, 20, 20});
        // R = 15, centre (90, 70): x 75..100, y 55..80
        assertEquals(25, clipped.getWidth());
        assertEquals(25, clipped.getHeight());

        // through the files: a box around the blue half leaves a blue bird
        Files.writeString(root.resolve("images.txt"), "1 001.Red_bird/Red_bird_0.png\n");
        Files.writeString(root.resolve("bounding_boxes.txt"), "1 30.0 10.0 8.0 8.0\n");
        StackGanDatasetImporter ds = StackGanDatasetImporter.openImporter(root, "cub", Split.TRAIN, 1);
        int index = -1;
        for (int i = 0; i < ds.size(); i++) {
            if (ds.imagePath(i).getFileName().toString().equals("Red_bird_0.png")) {
                index = i;
            }
        }
        float[] pixels = ds.get(index, 16).image();
        for (int p = 0; p < 16 * 16; p++) {
            assertTrue(pixels[p] < -0.9f && pixels[2 * 256 + p] > 0.9f, "pixel " + p + " should be blue");
        }
    }

    @Test
    void trainValClassesReplaceTrainClassesWhenPresent() throws IOException {
        Files.writeString(root.resolve("trainvalclasses.txt"), "002.Blue_bird\n");
        CaptionedDataset train = StackGanDatasetImporter.open(root, "cub", Split.TRAIN, 1);
        assertEquals(2, train.size());
        assertEquals("002.Blue_bird", train.attributes(0).get("class"));
    }

    @Test
    void aFolderOutsideTheLayoutIsRejectedNamingWhatIsMissing() throws IOException {
        assertMissing("testclasses.txt", () -> Files.delete(root.resolve("testclasses.txt")));
        assertMissing("trainclasses.txt", () -> Files.delete(root.resolve("trainclasses.txt")));
        assertMissing("Blue_bird_1.txt", () -> Files.delete(root.resolve("text_c10/002.Blue_bird/Blue_bird_1.txt")));
        assertMissing("004.Ghost_bird", () -> Files.writeString(root.resolve("trainclasses.txt"), "001.Red_bird\n004.Ghost_bird\n"));
        assertMissing("text_c10", () -> deleteTree(root.resolve("text_c10")));
        assertMissing("images", () -> deleteTree(root.resolve("images")));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> StackGanDatasetImporter.open(root.resolve("absent"), "cub", Split.TRAIN, 1));
        assertTrue(e.getMessage().contains("absent"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> StackGanDatasetImporter.open(root, "coco", Split.TRAIN, 1));
        assertTrue(e.getMessage().contains("coco"), e.getMessage());
    }

    @Test
    void aClassInBothSplitsIsRejected() throws IOException {
        Files.writeString(root.resolve("testclasses.txt"), "003.Test_bird\n001.Red_bird\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> StackGanDatasetImporter.open(root, "cub", Split.TEST, 1));
        assertTrue(e.getMessage().contains("001.Red_bird"), e.getMessage());
    }

    private interface Damage {
        void apply() throws IOException;
    }

    /** Damages a fresh copy of the fixture and expects opening to fail naming {@code name}. */
    private void assertMissing(String name, Damage damage) throws IOException {
        deleteTree(root);
        Files.createDirectories(root);
        writeFixture();
        damage.apply();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> StackGanDatasetImporter.open(root, "cub", Split.TRAIN, 1));
        assertTrue(e.getMessage().contains(name), () -> "message should name " + name + ": " + e.getMessage());
        assertFalse(e.getMessage().isBlank());
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }
}
