package dev.telltale.experiments.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.experiments.cli.Train;
import dev.telltale.experiments.track.LocalTracker;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generation from typed captions with tiny trained Stage-I and Stage-II checkpoints. */
class CaptionGeneratorTest {

    @TempDir
    static Path dir;

    static Path stageOneRun;
    static Path stageOne;
    static Path stageTwo;

    @BeforeAll
    static void trainTinyRuns() throws Exception {
        stageOneRun = dir.resolve("stage1");
        stageOne = train("stackgan-stage1", stageOneRun, Map.of("steps", 4)).checkpoint();
        stageTwo = train("stackgan-stage2", dir.resolve("stage2"), Map.of("steps", 2, "stage1", stageOneRun.toString())).checkpoint();
    }

    static Train.Outcome train(String model, Path out, Map<String, Object> more) throws Exception {
        Map<String, Object> o = new java.util.HashMap<>(Map.of("trainImages", 48, "testImages", 12, "sampleEvery", 0));
        o.putAll(more);
        return Train.run(new Train.Request(model, "shapes", "tiny", o, out, null, null, false, LocalTracker::new));
    }

    /** A caption of two words the model knows, an unknown one and a repeat. */
    static String caption(List<String> vocabulary) {
        return vocabulary.get(2) + " zorblax " + vocabulary.get(3) + " " + vocabulary.get(2).toUpperCase(java.util.Locale.ROOT);
    }

    static List<String> vocabularyOf(Path checkpoint) throws Exception {
        var cp = dev.telltale.experiments.train.Checkpoint.read(checkpoint);
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager("PyTorch");
                var text = dev.telltale.experiments.train.TextEncoderModel.load(Path.of(cp.meta().get("textEncoderPath").getAsString()), m)) {
            return text.vocabulary().words();
        }
    }

    static BufferedImage png(byte[] bytes) throws Exception {
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(bytes, 4), "PNG signature");
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }

    @Test
    void sameSeedGivesTheSameBytesAndAnotherSeedOthers() throws Exception {
        List<String> vocab = vocabularyOf(stageOne);
        try (CaptionGenerator g = CaptionGenerators.load(stageOne)) {
            assertEquals("stackgan-stage1", g.kind());
            assertEquals(4, g.step());
            String c = caption(vocab);
            Generation a = g.generate(c, 7);
            Generation b = g.generate(c, 7);
            Generation other = g.generate(c, 8);
            assertEquals(1, a.pictures().size(), "Stage-I only");
            Picture p = a.pictures().get(0);
            assertEquals("stage1", p.stage());
            assertEquals(16, p.width());
            BufferedImage img = png(p.bytes());
            assertEquals(16, img.getWidth());
            assertEquals(16, img.getHeight());
            assertArrayEquals(p.bytes(), b.pictures().get(0).bytes(), "same caption, same seed: same bytes");
            assertFalse(java.util.Arrays.equals(p.bytes(), other.pictures().get(0).bytes()), "another seed, another picture");
            Generation otherCaption = g.generate(vocab.get(4), 7);
            assertFalse(java.util.Arrays.equals(p.bytes(), otherCaption.pictures().get(0).bytes()), "the caption matters too");
        }
    }

    @Test
    void knownAndUnknownWordsAreReportedOnceEachInOrder() throws Exception {
        List<String> vocab = vocabularyOf(stageOne);
        try (CaptionGenerator g = CaptionGenerators.load(stageOne)) {
            Generation gen = g.generate(caption(vocab), 1);
            assertEquals(List.of(vocab.get(2), vocab.get(3)), gen.words().known());
            assertEquals(List.of("zorblax"), gen.words().unknown());
            NoKnownWordsException none = assertThrows(NoKnownWordsException.class, () -> g.generate("Zorblax quuxly, zorblax!", 1));
            assertEquals(List.of("zorblax", "quuxly"), none.unknownWords());
            assertTrue(none.getMessage().contains("zorblax, quuxly"), none.getMessage());
            assertThrows(NoKnownWordsException.class, () -> g.generate("  ,. ", 1));
        }
    }

    @Test
    void aCaptionLongerThanTheEncoderReadsIsRefusedNotCut() throws Exception {
        List<String> vocab = vocabularyOf(stageOne);
        try (CaptionGenerator g = CaptionGenerators.load(stageOne)) {
            TooManyWordsException tooMany = assertThrows(TooManyWordsException.class,
                    () -> g.generate(String.join(" ", java.util.Collections.nCopies(200, vocab.get(2))), 1));
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("has 200 words; this model reads at most (\\d+)")
                    .matcher(tooMany.getMessage());
            assertTrue(m.find(), tooMany.getMessage());
            int max = Integer.parseInt(m.group(1));
            // the words past the limit would reach no one: the limit itself is still read whole
            String last = " " + vocab.get(3);
            g.generate(String.join(" ", java.util.Collections.nCopies(max - 1, vocab.get(2))) + last, 1);
            assertThrows(TooManyWordsException.class,
                    () -> g.generate(String.join(" ", java.util.Collections.nCopies(max, vocab.get(2))) + last, 1));
        }
    }

    @Test
    void stageTwoGivesBothStagesTheSecondFourTimesLarger() throws Exception {
        List<String> vocab = vocabularyOf(stageOne);
        try (CaptionGenerator two = CaptionGenerators.load(stageTwo); CaptionGenerator one = CaptionGenerators.load(stageOne)) {
            assertEquals("stackgan-stage2", two.kind());
            Generation g = two.generate(caption(vocab), 3);
            assertEquals(List.of("stage1", "stage2"), g.pictures().stream().map(Picture::stage).toList());
            assertEquals(16, png(g.pictures().get(0).bytes()).getWidth());
            BufferedImage big = png(g.pictures().get(1).bytes());
            assertEquals(64, big.getWidth());
            assertEquals(64, big.getHeight());
            assertEquals(64, g.pictures().get(1).width());
            // the frozen Stage-I generator inside the Stage-II checkpoint is the Stage-I run's
            assertArrayEquals(one.generate(caption(vocab), 3).pictures().get(0).bytes(), g.pictures().get(0).bytes());
        }
    }

    @Test
    void checkpointsThatCannotGenerateAreRefusedClearly() throws Exception {
        Path junk = dir.resolve("junk.zip");
        Files.writeString(junk, "not a zip at all");
        UnusableCheckpointException notZip = assertThrows(UnusableCheckpointException.class, () -> CaptionGenerators.load(junk));
        assertTrue(notZip.getMessage().contains("not a Telltale checkpoint"), notZip.getMessage());
        assertFalse(notZip.getMessage().contains(dir.toString()), "no server paths in the message: " + notZip.getMessage());

        Path encoder = stageOneRun.resolve("text-encoder/checkpoints/text-encoder.zip");
        UnusableCheckpointException wrongKind = assertThrows(UnusableCheckpointException.class, () -> CaptionGenerators.load(encoder));
        assertTrue(wrongKind.getMessage().contains("'text-encoder'"), wrongKind.getMessage());

        // a zip cut short: its entries are unreadable
        byte[] whole = Files.readAllBytes(stageOne);
        Path cut = dir.resolve("cut.zip");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 2));
        assertThrows(UnusableCheckpointException.class, () -> CaptionGenerators.load(cut));

        assertThrows(UnusableCheckpointException.class, () -> CaptionGenerators.load(dir.resolve("nothing.zip")));
        // something that is not a text encoder given as one
        assertThrows(UnusableCheckpointException.class, () -> CaptionGenerators.load(stageOne, stageTwo));
    }

    @Test
    void theNewestGeneratorCheckpointOfARunIsFoundAndAMovedEncoderBesideIt() throws Exception {
        Path run = dir.resolve("moved");
        Files.createDirectories(run.resolve("checkpoints"));
        Files.createDirectories(run.resolve("text-encoder/checkpoints"));
        Files.copy(stageOne, run.resolve("checkpoints/stage1-step-0000004.zip"));
        Files.copy(stageOne, run.resolve("checkpoints/stage1-step-0000002.zip"));
        Path encoder = stageOneRun.resolve("text-encoder/checkpoints/text-encoder.zip");
        Files.copy(encoder, run.resolve("text-encoder/checkpoints/text-encoder.zip"));
        assertEquals(run.resolve("checkpoints/stage1-step-0000004.zip"), CaptionGenerators.newestCheckpoint(run));
        assertThrows(UnusableCheckpointException.class, () -> CaptionGenerators.newestCheckpoint(dir.resolve("empty")));

        Path aside = dir.resolve("encoder-aside.zip");
        Files.move(encoder, aside);
        try {
            try (CaptionGenerator g = CaptionGenerators.load(run.resolve("checkpoints/stage1-step-0000004.zip"))) {
                assertEquals(1, g.generate(aKnownWord(aside), 1).pictures().size());
            }
            UnusableCheckpointException gone = assertThrows(UnusableCheckpointException.class, () -> CaptionGenerators.load(stageOne));
            assertTrue(gone.getMessage().contains("text-encoder.zip") && gone.getMessage().contains("gone"), gone.getMessage());
        } finally {
            Files.move(aside, encoder, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String aKnownWord(Path encoder) throws Exception {
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager("PyTorch");
                var text = dev.telltale.experiments.train.TextEncoderModel.load(encoder, m)) {
            return text.vocabulary().words().get(2);
        }
    }
}
