package dev.telltale.experiments.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.experiments.data.CaptionedDataset;
import dev.telltale.experiments.data.CaptionedSample;
import dev.telltale.experiments.data.Split;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DomainClassifierTrainerTest {

    private static final int RESOLUTION = 16;

    @TempDir
    Path dir;

    private static DomainClassifierTrainer.Options quick() {
        return DomainClassifierTrainer.Options.defaults().withWidth(8).withBatchSize(16).withMaxSteps(400).withEvalEvery(25);
    }

    @Test
    void warpedTrainingImagesStillTeachTheClassifier() {
        // rotating and scaling solid squares keeps their colour: a judge trained on them must still pass
        SolidSquares train = new SolidSquares(Split.TRAIN, 96);
        SolidSquares test = new SolidSquares(Split.TEST, 48);
        DomainClassifierTrainer.Result warped = DomainClassifierTrainer.train(train, test, RESOLUTION, quick().withWarp(true), null);
        assertTrue(warped.counts(), "held-out accuracy with warped training images " + warped.allHeadsAccuracy());
    }

    @Test
    void reachesTheBarOnSquaresAndTheSavedJudgeReloadsWithIdenticalPredictions() {
        SolidSquares train = new SolidSquares(Split.TRAIN, 96);
        SolidSquares test = new SolidSquares(Split.TEST, 48);
        DomainClassifierTrainer.Result result = DomainClassifierTrainer.train(train, test, RESOLUTION, quick(), dir);

        assertTrue(result.counts(), "held-out accuracy " + result.headAccuracy() + " / " + result.allHeadsAccuracy());
        assertTrue(result.allHeadsAccuracy() >= 0.98);
        assertTrue(result.steps() < 400, "stopped at the bar, not at the budget: " + result.steps());
        assertTrue(Files.isRegularFile(dir.resolve(DomainClassifierJudge.PARAMETERS_FILE)));

        List<float[]> images = new ArrayList<>();
        List<Map<String, String>> intended = new ArrayList<>();
        for (int index : result.evaluatedIndices()) {
            CaptionedSample sample = test.get(index, RESOLUTION);
            images.add(sample.image());
            intended.add(sample.attributes());
        }
        try (DomainClassifierJudge judge = DomainClassifierJudge.load(dir)) {
            assertEquals(List.of("color", "size"), judge.heads());
            assertEquals(SolidSquares.COLORS, judge.classes("color"));
            assertEquals(RESOLUTION, judge.resolution());
            assertTrue(judge.counts());
            assertEquals(result.headAccuracy(), judge.heldOutAccuracy());
            Map<String, int[]> predicted = judge.predict(images, RESOLUTION);
            for (String head : judge.heads()) {
                assertArrayEquals(result.heldOutPredictions().get(head), predicted.get(head), head);
            }
            // the judge's reading, compared with the captions' attributes, is the held-out all-heads accuracy
            assertEquals(result.allHeadsAccuracy(),
                    CaptionAccuracy.compute(judge.predictAttributes(images, RESOLUTION), intended, train.judgedAttributes()), 1e-12);
            float[][] p = judge.probabilities("size", images, RESOLUTION);
            for (int i = 0; i < p.length; i++) {
                assertEquals(2, p[i].length);
                assertEquals(1.0, p[i][0] + p[i][1], 1e-5);
                assertEquals(predicted.get("size")[i], p[i][1] > p[i][0] ? 1 : 0);
            }
            double[][] features = judge.features(images, RESOLUTION);
            assertEquals(images.size(), features.length);
            assertEquals(judge.featureSize(), features[0].length);
            // features for a Fréchet distance: two halves of the real held-out set are closer to each other
            // than real images are to the same images with red and blue swapped
            int half = images.size() / 2;
            double[][] firstHalf = java.util.Arrays.copyOfRange(features, 0, half);
            double[][] secondHalf = java.util.Arrays.copyOfRange(features, half, images.size());
            List<float[]> swapped = new ArrayList<>();
            for (float[] image : images.subList(half, images.size())) {
                swapped.add(swapRedBlue(image, RESOLUTION));
            }
            double[][] swappedFeatures = judge.features(swapped, RESOLUTION);
            double same = FrechetDistance.compute(firstHalf, secondHalf);
            double shifted = FrechetDistance.compute(firstHalf, swappedFeatures);
            assertTrue(shifted > same, "FD real/real " + same + " vs real/swapped " + shifted);
            // images at another size are resized to the judge's resolution first
            List<float[]> doubled = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                doubled.add(upscale2x(images.get(i), RESOLUTION));
            }
            Map<String, int[]> fromDoubled = judge.predict(doubled, 2 * RESOLUTION);
            for (int i = 0; i < 8; i++) {
                assertEquals(predicted.get("color")[i], fromDoubled.get("color")[i]);
            }
            assertThrows(IllegalArgumentException.class, () -> judge.probabilities("shape", images, RESOLUTION));
        }
        try (DomainClassifierJudge again = DomainClassifierJudge.load(dir)) {
            try (DomainClassifierJudge first = DomainClassifierJudge.load(dir)) {
                assertArrayEquals(first.features(images, RESOLUTION)[3], again.features(images, RESOLUTION)[3], 0.0);
            }
        }
    }

    @Test
    void theLearningRateFallsTenfoldAtHalfAndAtThreeQuartersOfTheBudget() {
        DomainClassifierTrainer.Options opts = DomainClassifierTrainer.Options.defaults().withMaxSteps(400);
        ai.djl.training.tracker.Tracker lr = DomainClassifierTrainer.schedule(opts);
        float base = opts.learningRate();
        assertEquals(base, lr.getNewValue(1), 1e-9f);
        assertEquals(base, lr.getNewValue(200), 1e-9f);
        assertEquals(base / 10, lr.getNewValue(201), 1e-9f);
        assertEquals(base / 10, lr.getNewValue(300), 1e-9f);
        assertEquals(base / 100, lr.getNewValue(301), 1e-10f);
        assertEquals(base / 100, lr.getNewValue(400), 1e-10f);
    }

    @Test
    void aClassifierBelowTheBarDoesNotCount() {
        DomainClassifierTrainer.Result result = DomainClassifierTrainer.train(new SolidSquares(Split.TRAIN, 32),
                new SolidSquares(Split.TEST, 32), RESOLUTION, quick().withMaxSteps(1).withEvalEvery(1), null);
        assertEquals(1, result.steps());
        assertFalse(result.counts(), "one step from random weights should not read 8 combinations right");
        assertTrue(result.allHeadsAccuracy() < 0.98);
    }

    @Test
    void labelsOutsideAttributeValuesAreRejected() {
        CaptionedDataset broken = new SolidSquares(Split.TRAIN, 8) {
            @Override
            public Map<String, List<String>> attributeValues() {
                return Map.of("color", List.of("red", "green"), "size", SolidSquares.SIZES);
            }
        };
        assertThrows(IllegalArgumentException.class, () -> DomainClassifierTrainer.train(broken,
                new SolidSquares(Split.TEST, 8), RESOLUTION, quick(), null));
        assertThrows(IllegalArgumentException.class, () -> DomainClassifierJudge.load(dir.resolve("nothing")));
    }

    @Test
    void shiftTranslatesWithReplicatedEdges() {
        int size = 16;
        float[] image = new float[3 * size * size];
        for (int i = 0; i < image.length; i++) {
            image[i] = i;
        }
        float[] shifted = DomainClassifierTrainer.shift(image, size, new Random(4));
        // find the offset from the centre pixel, then every pixel must follow it
        int centre = 8 * size + 8;
        int source = (int) shifted[centre];
        int dy = 8 - source / size;
        int dx = 8 - source % size;
        assertTrue(Math.abs(dx) <= 1 && Math.abs(dy) <= 1);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int sy = Math.min(size - 1, Math.max(0, y - dy));
                    int sx = Math.min(size - 1, Math.max(0, x - dx));
                    assertEquals(image[(c * size + sy) * size + sx], shifted[(c * size + y) * size + x]);
                }
            }
        }
    }

    @Test
    void warpIsIdentityAtZeroAndAQuarterTurnMovesEveryPixel() {
        int size = 8;
        float[] image = new float[3 * size * size];
        for (int i = 0; i < image.length; i++) {
            image[i] = i;
        }
        assertArrayEquals(image, DomainClassifierTrainer.warp(image, size, 0, 1), 1e-4f);
        float[] turned = DomainClassifierTrainer.warp(image, size, Math.PI / 2, 1);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    // a quarter turn about the centre: output (x, y) reads source (y, size - 1 - x)
                    assertEquals(image[(c * size + size - 1 - x) * size + y], turned[(c * size + y) * size + x], 1e-3f);
                }
            }
        }
        // doubling the scale about the centre spreads the middle 4 x 4 over the whole 8 x 8, edges replicated
        float[] zoomed = DomainClassifierTrainer.warp(image, size, 0, 2);
        assertEquals((image[3 * size + 3] + image[3 * size + 4] + image[4 * size + 3] + image[4 * size + 4]) / 4,
            (zoomed[3 * size + 3] + zoomed[3 * size + 4] + zoomed[4 * size + 3] + zoomed[4 * size + 4]) / 4, 1e-3f);
        float[] random = DomainClassifierTrainer.warp(image, size, new Random(1));
        assertEquals(image.length, random.length);
        assertFalse(java.util.Arrays.equals(image, random));
    }

    private static float[] upscale2x(float[] image, int size) {
        int big = 2 * size;
        float[] out = new float[3 * big * big];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < big; y++) {
                for (int x = 0; x < big; x++) {
                    out[(c * big + y) * big + x] = image[(c * size + y / 2) * size + x / 2];
                }
            }
        }
        return out;
    }

    private static float[] swapRedBlue(float[] image, int size) {
        int plane = size * size;
        float[] out = image.clone();
        System.arraycopy(image, 0, out, 2 * plane, plane);
        System.arraycopy(image, 2 * plane, out, 0, plane);
        return out;
    }
}
