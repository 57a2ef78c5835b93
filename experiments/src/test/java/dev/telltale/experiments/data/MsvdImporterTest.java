package dev.telltale.experiments.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MsvdImporterTest {

    @TempDir
    Path dir;

    /** Clip i: frames whose red level is 10·frame and green level 8·i, 40 × 30 px (not square). */
    private void writeFixture(Path root, int clips, int frames) throws Exception {
        writeFixture(root, clips, frames, "%04d.png");
    }

    private void writeFixture(Path root, int clips, int frames, String frameName) throws Exception {
        List<String> lines = new ArrayList<>(List.of("clip_id,caption"));
        for (int i = 0; i < clips; i++) {
            String id = "clip" + i;
            Path folder = Files.createDirectories(root.resolve("clips").resolve(id));
            for (int t = 0; t < frames; t++) {
                BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 30; y++) {
                    for (int x = 0; x < 40; x++) {
                        img.setRGB(x, y, (10 * t) << 16 | (8 * i) << 8);
                    }
                }
                ImageIO.write(img, "png", folder.resolve(String.format(frameName, t)).toFile());
            }
            lines.add(id + ",a man is slicing item " + i);
            lines.add(id + ",\"someone, somewhere, cuts item " + i + "\"");
        }
        Files.createDirectories(root.resolve("clips").resolve("no-captions"));
        Files.write(root.resolve("captions.csv"), lines);
    }

    @Test
    void importsFramesAndEveryCaptionOfAClip() throws Exception {
        writeFixture(dir, 30, 8);
        MsvdImporter train = MsvdImporter.open(dir, Split.TRAIN);
        MsvdImporter test = MsvdImporter.open(dir, Split.TEST);
        assertEquals(30, train.size() + test.size(), "every captioned clip lands in one split");
        assertTrue(test.size() >= 1 && test.size() <= 9, "about one clip in ten is TEST: " + test.size());
        Set<String> ids = new HashSet<>();
        for (MsvdImporter ds : List.of(train, test)) {
            for (int i = 0; i < ds.size(); i++) {
                assertTrue(ids.add(ds.clipId(i)));
                int clip = Integer.parseInt(ds.clipId(i).substring(4));
                VideoSample s = ds.get(i, 4, 16);
                assertEquals(List.of("a man is slicing item " + clip, "someone, somewhere, cuts item " + clip), s.captions());
                assertEquals(4, s.frameCount());
                for (int t = 0; t < 4; t++) {
                    // 4 of 8 frames sampled evenly: frames 0, 2, 4, 6
                    float red = s.frames().get(t)[5 * 16 + 5];
                    float green = s.frames().get(t)[256 + 5 * 16 + 5];
                    assertEquals(10 * 2 * t / 127.5 - 1, red, 1.5 / 127.5, "frame " + t + " of " + ds.clipId(i));
                    assertEquals(8 * clip / 127.5 - 1, green, 1.5 / 127.5);
                }
                assertEquals(ds.clipId(i), ds.content(i));
            }
        }
    }

    @Test
    void unpaddedFrameNamesKeepTheirOrderAndASpreadsheetsCsvReads() throws Exception {
        writeFixture(dir, 10, 12, "%d.png");
        Path csv = dir.resolve("captions.csv");
        // what a spreadsheet's "CSV UTF-8" writes: a byte-order mark and CRLF line ends
        String text = Files.readString(csv).replace("\n", "\r\n");
        Files.write(csv, ("\uFEFF" + text).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        MsvdImporter train = MsvdImporter.open(dir, Split.TRAIN);
        MsvdImporter test = MsvdImporter.open(dir, Split.TEST);
        assertEquals(10, train.size() + test.size(), "the header is read as a header, not as a clip");
        for (MsvdImporter ds : List.of(train, test)) {
            for (int i = 0; i < ds.size(); i++) {
                assertTrue(ds.clipId(i).matches("clip\\d"), ds.clipId(i));
                VideoSample s = ds.get(i, 12, 16);
                for (int t = 0; t < 12; t++) {
                    // frame files 0.png .. 11.png in time order, not 0, 1, 10, 11, 2, ...
                    assertEquals(10 * t / 127.5 - 1, s.frames().get(t)[5 * 16 + 5], 1.5 / 127.5, "frame " + t);
                }
            }
        }

        // a legacy "CSV" export (Windows-1252 here) is named, not half read
        Files.write(csv, "clip_id,caption\nclip0,a caf\u00e9 scene\n".getBytes(java.nio.charset.Charset.forName("windows-1252")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MsvdImporter.open(dir, Split.TRAIN));
        assertTrue(e.getMessage().contains("captions.csv") && e.getMessage().contains("UTF-8"), e.getMessage());
    }

    @Test
    void aBrokenLayoutIsNamed() throws Exception {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> MsvdImporter.open(dir.resolve("nowhere"), Split.TRAIN));
        assertTrue(none.getMessage().contains("nowhere"), none.getMessage());

        IllegalArgumentException csv = assertThrows(IllegalArgumentException.class, () -> MsvdImporter.open(dir, Split.TRAIN));
        assertTrue(csv.getMessage().contains("captions.csv"), csv.getMessage());

        Files.writeString(dir.resolve("captions.csv"), "clip_id,caption\nmissing,a dog runs\n");
        IllegalArgumentException clips = assertThrows(IllegalArgumentException.class, () -> MsvdImporter.open(dir, Split.TRAIN));
        assertTrue(clips.getMessage().contains(dir.resolve("clips").toString()), clips.getMessage());

        Files.createDirectories(dir.resolve("clips"));
        IllegalArgumentException folder = assertThrows(IllegalArgumentException.class, () -> MsvdImporter.open(dir, Split.TRAIN));
        assertTrue(folder.getMessage().contains(dir.resolve("clips").resolve("missing").toString()), folder.getMessage());

        Files.createDirectories(dir.resolve("clips").resolve("missing"));
        Files.writeString(dir.resolve("clips").resolve("missing").resolve("notes.txt"), "no frames here");
        // whichever split the clip hashes to, opening that split names the empty folder
        Split split = MsvdImporter.splitOf("missing");
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> MsvdImporter.open(dir, split));
        assertTrue(empty.getMessage().contains("holds no .png or .jpg frames"), empty.getMessage());

        Files.writeString(dir.resolve("captions.csv"), "clip_id,caption\njust-an-id\n");
        IllegalArgumentException line = assertThrows(IllegalArgumentException.class, () -> MsvdImporter.open(dir, Split.TRAIN));
        assertTrue(line.getMessage().contains("line 2"), line.getMessage());
    }
}
