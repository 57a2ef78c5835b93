package dev.telltale.experiments.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.experiments.data.CaptionedDataset;
import dev.telltale.experiments.data.Split;
import dev.telltale.experiments.data.StackGanDatasetImporter;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real images a StackGAN run trains on: photos re-cropped per draw, built-ins as rendered. */
class RealImagesTest {

    @TempDir
    Path root;

    private void writeCub() throws IOException {
        Files.writeString(root.resolve("trainclasses.txt"), "001.A\n002.B\n");
        Files.writeString(root.resolve("testclasses.txt"), "003.C\n");
        for (String c : List.of("001.A", "002.B", "003.C")) {
            Path images = Files.createDirectories(root.resolve("images").resolve(c));
            Path texts = Files.createDirectories(root.resolve("text_c10").resolve(c));
            for (int k = 0; k < 2; k++) {
                // a diagonal gradient: every crop offset and flip gives other pixels
                BufferedImage image = new BufferedImage(50, 40, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 40; y++) {
                    for (int x = 0; x < 50; x++) {
                        image.setRGB(x, y, (5 * x) << 16 | (6 * y) << 8 | 40 * k);
                    }
                }
                ImageIO.write(image, "png", images.resolve(c + "_" + k + ".png").toFile());
                Files.writeString(texts.resolve(c + "_" + k + ".txt"), "a bird " + k + " of " + c + "\nanother line\n");
            }
        }
    }

    @Test
    void photosAreCroppedAndFlippedAfreshOnEveryDraw() throws IOException {
        writeCub();
        CaptionedDataset train = StackGanDatasetImporter.open(root, "cub", Split.TRAIN, 1);
        RealImages images = RealImages.load(train, 32);
        assertEquals(4, images.size());
        assertEquals(train.get(0, 32).captions(), images.captions(0));
        Random random = new Random(2);
        Set<String> views = new HashSet<>();
        for (int draw = 0; draw < 30; draw++) {
            float[] view = images.draw(0, random);
            assertEquals(3 * 32 * 32, view.length);
            views.add(Arrays.toString(view));
        }
        // 6 offsets a side (38 → 32) and a flip: a fixed view per run would give one
        assertTrue(views.size() > 10, views.size() + " distinct views of 30 draws");
    }

    @Test
    void builtInSamplesAreDrawnAsRendered() {
        CaptionedDataset shapes = dev.telltale.experiments.data.CaptionedShapes.create(1, Split.TRAIN, 64);
        RealImages images = RealImages.load(shapes, 16);
        assertEquals(shapes.size(), images.size());
        float[] first = images.draw(3, new Random(1));
        assertSame(first, images.draw(3, new Random(2)));
        assertArrayEquals(shapes.get(3, 16).image(), first, 0f);
        assertEquals(shapes.get(3, 16).captions(), images.captions(3));
    }

    @Test
    void photosThatWouldNotFitTheHeapAreRefusedBeforeLoading() throws IOException {
        writeCub();
        CaptionedDataset train = StackGanDatasetImporter.open(root, "cub", Split.TRAIN, 1);
        // 4 photos of 304 x 304 at 3 bytes: about 1.1 MB, against a 1 MB heap
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RealImages.load(train, 256, 1 << 20));
        assertTrue(e.getMessage().contains("cub at 256 px") && e.getMessage().contains("-Xmx"), e.getMessage());
    }
}
