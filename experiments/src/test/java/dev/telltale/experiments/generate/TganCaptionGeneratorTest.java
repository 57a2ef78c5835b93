package dev.telltale.experiments.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.telltale.experiments.cli.Train;
import dev.telltale.experiments.render.Gif;
import dev.telltale.experiments.track.LocalTracker;
import dev.telltale.experiments.train.TganGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Looping GIFs from typed captions with a tiny trained TGANs-C-A checkpoint (4 frames of 16 x 16). */
class TganCaptionGeneratorTest {

    @TempDir
    static Path dir;

    static Path run;
    static Path checkpoint;

    @BeforeAll
    static void trainTinyRun() throws Exception {
        run = dir.resolve("tganc-a");
        checkpoint = Train.run(new Train.Request("tganc-a", "sbmg", "tiny", Map.of("steps", 2, "sampleEvery", 0), run, null, null, false,
                LocalTracker::new)).checkpoint();
    }

    static Gif.Info info(byte[] gif) throws Exception {
        Path f = Files.createTempFile(dir, "generated", ".gif");
        Files.write(f, gif);
        return Gif.info(f);
    }

    @Test
    void aCaptionGivesALoopingGifOfTheModelsFramesAndTheSameSeedTheSameBytes() throws Exception {
        String caption = "the digit 3 is moving up and down .";
        try (CaptionGenerator g = CaptionGenerators.load(checkpoint)) {
            assertEquals("tganc-a", g.kind());
            assertEquals(2, g.step());
            Generation a = g.generate(caption, 7);
            assertEquals(1, a.pictures().size(), "one clip");
            Picture p = a.pictures().get(0);
            assertEquals(Picture.VIDEO, p.stage());
            assertEquals("image/gif", p.mediaType());
            assertEquals(16, p.width());
            assertEquals(16, p.height());
            assertEquals(4, p.frames());
            assertEquals(new Gif.Info(4, 16, 16, Picture.FRAME_MS, true), info(p.bytes()));
            assertArrayEquals(p.bytes(), g.generate(caption, 7).pictures().get(0).bytes(), "same caption, same seed: same bytes");
            assertFalse(java.util.Arrays.equals(p.bytes(), g.generate(caption, 8).pictures().get(0).bytes()), "another seed, another clip");
            assertFalse(java.util.Arrays.equals(p.bytes(), g.generate("the digit 5 is moving left and right .", 7).pictures().get(0).bytes()),
                    "the caption matters too");

            // the GIF shows the generator's own frames, within 8-bit levels and palette quantisation
            Path f = Files.createTempFile(dir, "clip", ".gif");
            Files.write(f, p.bytes());
            List<float[]> shown = Gif.read(f);
            List<float[]> made;
            try (NDManager m = NDManager.newBaseManager("PyTorch"); TganGenerator tg = TganGenerator.load(checkpoint, m)) {
                made = tg.generate(List.of(caption), 7).get(0);
            }
            assertEquals(4, shown.size());
            double error = 0;
            for (int t = 0; t < 4; t++) {
                assertEquals(made.get(t).length, shown.get(t).length);
                for (int i = 0; i < made.get(t).length; i++) {
                    error += Math.abs(made.get(t)[i] - shown.get(t)[i]);
                }
            }
            error /= 4 * made.get(0).length;
            assertTrue(error < 0.05, "mean difference " + error);
        }
    }

    @Test
    void knownAndUnknownWordsAreReportedAndACaptionWithoutKnownWordsRefused() throws Exception {
        try (CaptionGenerator g = CaptionGenerators.load(checkpoint)) {
            Generation gen = g.generate("The digit 7 is zorbling UP and up.", 1);
            assertEquals(List.of("the", "digit", "7", "is", "up", "and"), gen.words().known());
            assertEquals(List.of("zorbling"), gen.words().unknown());
            NoKnownWordsException none = assertThrows(NoKnownWordsException.class, () -> g.generate("zorblax quuxly", 1));
            assertEquals(List.of("zorblax", "quuxly"), none.unknownWords());
            // longer than any training caption: the words past that length still reach the model
            // five times the longest sbmg caption, so it passes any training length these fixtures have
            String longCaption = String.join(" and ", java.util.Collections.nCopies(5, "the digit 7 is moving up and down"));
            assertFalse(java.util.Arrays.equals(g.generate(longCaption, 3).pictures().get(0).bytes(),
                    g.generate(longCaption + " left and right", 3).pictures().get(0).bytes()));
        }
    }

    @Test
    void theRunsNewestCheckpointIsAGeneratorOne() throws Exception {
        assertEquals(checkpoint, CaptionGenerators.newestCheckpoint(run));
        assertTrue(CaptionGenerators.isGeneratorFile("tganc-c-step-0000010.zip"));
        assertTrue(CaptionGenerators.isGeneratorFile("tganc-a-step-0000010.zip"));
        assertFalse(CaptionGenerators.isGeneratorFile("tganc-x-step-0000010.zip"));
        assertFalse(CaptionGenerators.isGeneratorFile("text-encoder.zip"));
    }
}
