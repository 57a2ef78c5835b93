package dev.telltale.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.telltale.experiments.data.CaptionedDataset;
import dev.telltale.experiments.data.CaptionedSample;
import dev.telltale.experiments.data.CaptionedShapes;
import dev.telltale.experiments.data.Split;
import dev.telltale.experiments.eval.DomainClassifierTrainer;
import dev.telltale.experiments.track.LocalTracker;
import dev.telltale.experiments.train.ImageJudge;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The StackGAN judge compares generated and real images' Inception scores at equal counts. */
class JudgesTest {

    static final int SIZE = 16;
    static CaptionedDataset test;
    static ImageJudge judge;

    @BeforeAll
    static void quickJudge(@TempDir Path dir) throws Exception {
        CaptionedDataset train = CaptionedShapes.create(1, Split.TRAIN, 48);
        test = CaptionedShapes.create(1, Split.TEST, 40);
        // a barely trained judge: its probabilities are still spread, so the score depends on the images
        DomainClassifierTrainer.train(train, test, Judges.RESOLUTION, DomainClassifierTrainer.Options.defaults().withMaxSteps(10),
                dir.resolve("shapes-" + Judges.RESOLUTION));
        try (LocalTracker quiet = new LocalTracker(dir.resolve("run"))) {
            judge = Judges.obtain("shapes", "", train, test, dir, quiet);
        }
    }

    private static Map<String, Double> judgeReal(int from, int count) {
        List<float[]> images = new ArrayList<>();
        List<Map<String, String>> intended = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            CaptionedSample s = test.get(i % test.size(), SIZE);
            images.add(s.image());
            intended.add(s.attributes());
        }
        return judge.judge(images, SIZE, intended);
    }

    @Test
    void aJudgeOfOneDataFolderIsNeverReusedForAnother() {
        // built-in datasets keep the names existing caches have
        org.junit.jupiter.api.Assertions.assertEquals("shapes-64", Judges.cacheKey("shapes", ""));
        org.junit.jupiter.api.Assertions.assertEquals("digits-64", Judges.cacheKey("digits", null));
        String a = Judges.cacheKey("cub", "/data/CUB_200_2011");
        String b = Judges.cacheKey("cub", "/data/CUB_200_2011_resplit");
        org.junit.jupiter.api.Assertions.assertNotEquals(a, b);
        org.junit.jupiter.api.Assertions.assertEquals(a, Judges.cacheKey("cub", "/data/./CUB_200_2011/"), "one folder, one key");
        org.junit.jupiter.api.Assertions.assertTrue(a.matches("cub-64-[0-9a-f]{12}"), a);
    }

    @Test
    void theRealReferenceScoreIsTakenOnAsManyImagesAsWereJudged() {
        // the first n real images judged as if generated score exactly as the reference does: the same
        // images in the same splits (against all 40 real images the counts, and so the scores, would differ)
        for (int n : new int[] {20, 30, 40}) {
            Map<String, Double> m = judgeReal(0, n);
            assertEquals(m.get("real_is_mean"), m.get("is_mean"), 1e-9, "n = " + n);
            assertEquals(m.get("real_is_std"), m.get("is_std"), 1e-9, "n = " + n);
        }
        assertNotEquals(judgeReal(0, 20).get("real_is_mean"), judgeReal(0, 40).get("real_is_mean"), "the count changes the score");
        // more images than the real set: both scores on the first 40, the other figures on all 60
        Map<String, Double> more = judgeReal(0, 60);
        Map<String, Double> forty = judgeReal(0, 40);
        assertEquals(forty.get("is_mean"), more.get("is_mean"), 1e-9);
        assertEquals(forty.get("real_is_mean"), more.get("real_is_mean"), 1e-9);
        assertNotEquals(forty.get("fid"), more.get("fid"), "FID reads all 60");
    }
}
