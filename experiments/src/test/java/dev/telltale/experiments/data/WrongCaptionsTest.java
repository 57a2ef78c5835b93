package dev.telltale.experiments.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WrongCaptionsTest {

    @Test
    void wrongSamplesAlwaysDifferInAJudgedAttribute() {
        List<CaptionedDataset> sets = List.of(
            CaptionedShapes.create(1, Split.TRAIN, 500),
            CaptionedDigits.create(MnistDigits.bundled(), 1, Split.TEST, 500));
        Random rng = new Random(42);
        for (CaptionedDataset ds : sets) {
            for (int draw = 0; draw < 5000; draw++) {
                int i = rng.nextInt(ds.size());
                int j = WrongCaptions.pickMismatched(ds, i, rng);
                assertNotEquals(i, j);
                Map<String, String> a = ds.attributes(i);
                Map<String, String> b = ds.attributes(j);
                assertTrue(ds.judgedAttributes().stream().anyMatch(k -> !a.get(k).equals(b.get(k))),
                    ds.id() + " " + a + " vs " + b);
            }
        }
    }

    @Test
    void hardNegativesStillMismatchAndShareMoreWithTheImage() {
        CaptionedShapes ds = CaptionedShapes.create(1, Split.TRAIN, 2000);
        Random pick = new Random(3);
        Random random = new Random(5);
        Random hard = new Random(5);
        double sharedRandom = 0;
        double sharedHard = 0;
        int oneJudgedDiffers = 0;
        int shapeOnly = 0;
        int draws = 2000;
        for (int draw = 0; draw < draws; draw++) {
            int i = pick.nextInt(ds.size());
            int j = WrongCaptions.pickMismatched(ds, i, random);
            int h = WrongCaptions.pickHardMismatched(ds, i, hard, 32);
            Map<String, String> a = ds.attributes(i);
            Map<String, String> b = ds.attributes(h);
            assertNotEquals(i, h);
            assertTrue(ds.judgedAttributes().stream().anyMatch(k -> !a.get(k).equals(b.get(k))), a + " vs " + b);
            sharedRandom += WrongCaptions.shared(a, ds.attributes(j));
            sharedHard += WrongCaptions.shared(a, b);
            boolean shapeDiffers = !a.get("shape").equals(b.get("shape"));
            boolean colorDiffers = !a.get("color").equals(b.get("color"));
            oneJudgedDiffers += shapeDiffers != colorDiffers ? 1 : 0;
            shapeOnly += shapeDiffers && !colorDiffers ? 1 : 0;
        }
        // of 32 candidates about 8 differ in one judged attribute only; the pick is one of them, either kind
        assertTrue(oneJudgedDiffers > 0.99 * draws, "one judged attribute differs in " + oneJudgedDiffers);
        assertTrue(shapeOnly > 0.3 * draws && shapeOnly < 0.7 * draws, "shape only " + shapeOnly);
        // five attributes, at least one judged one differs: a random pick shares about one, the closest of 32 about three
        assertTrue(sharedRandom / draws < 1.5, "random " + sharedRandom / draws);
        assertTrue(sharedHard / draws > 2.5, "hard " + sharedHard / draws);
    }

    @Test
    void closestWrongCaptionsChangeOneJudgedAttributeAndNothingElse() {
        CaptionedShapes ds = CaptionedShapes.create(1, Split.TRAIN, 4000);
        WrongCaptions.Closest closest = new WrongCaptions.Closest(ds);
        Random rng = new Random(11);
        int exact = 0;
        int shapeOnly = 0;
        int draws = 3000;
        for (int draw = 0; draw < draws; draw++) {
            int i = rng.nextInt(ds.size());
            int j = closest.pick(i, rng);
            Map<String, String> a = ds.attributes(i);
            Map<String, String> b = ds.attributes(j);
            assertNotEquals(i, j);
            assertTrue(WrongCaptions.differs(a, b, ds.judgedAttributes()), a + " vs " + b);
            if (WrongCaptions.shared(a, b) == a.size() - 1) {
                exact++;
                shapeOnly += a.get("shape").equals(b.get("shape")) ? 0 : 1;
            }
        }
        // 4,000 images over about 1,300 scenes: nearly every image has a same-scene counterpart
        assertTrue(exact > 0.95 * draws, "exact counterparts " + exact);
        // shape and colour are tested about equally often
        assertTrue(shapeOnly > 0.4 * exact && shapeOnly < 0.6 * exact, "shape only " + shapeOnly + " of " + exact);
    }

    @Test
    void closestOnAClassOnlyDatasetIsAnyOtherClass() {
        CaptionedDataset classes = new CaptionedDataset() {
            @Override
            public String id() {
                return "classes";
            }

            @Override
            public Split split() {
                return Split.TRAIN;
            }

            @Override
            public int size() {
                return 30;
            }

            @Override
            public CaptionedSample get(int index, int resolution) {
                return new CaptionedSample(index, new float[3 * resolution * resolution], resolution, List.of("x"), attributes(index));
            }

            @Override
            public Map<String, String> attributes(int index) {
                return Map.of("class", "c" + index % 3);
            }

            @Override
            public Map<String, List<String>> attributeValues() {
                return Map.of("class", List.of("c0", "c1", "c2"));
            }

            @Override
            public List<String> judgedAttributes() {
                return List.of("class");
            }
        };
        WrongCaptions.Closest closest = new WrongCaptions.Closest(classes);
        Random rng = new Random(2);
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int draw = 0; draw < 600; draw++) {
            int j = closest.pick(0, rng);
            assertNotEquals("c0", classes.attributes(j).get("class"));
            seen.add(j);
        }
        assertEquals(20, seen.size(), "every other-class sample can be drawn");
        assertThrows(IndexOutOfBoundsException.class, () -> closest.pick(30, rng));
    }

    @Test
    void closestFallsBackWhenNoSampleDiffersInOneAttributeOnly() {
        // every sample has its own "other" value, so no exact counterpart exists; the fallback still mismatches
        FakeDataset ds = new FakeDataset(50, 7);
        WrongCaptions.Closest closest = new WrongCaptions.Closest(ds);
        Random rng = new Random(4);
        for (int draw = 0; draw < 20; draw++) {
            assertEquals(7, closest.pick(rng.nextInt(7), rng));
        }
    }

    @Test
    void oneCandidateIsThePapersRandomPick() {
        CaptionedShapes ds = CaptionedShapes.create(2, Split.TRAIN, 300);
        Random a = new Random(9);
        Random b = new Random(9);
        for (int i = 0; i < 300; i++) {
            assertEquals(WrongCaptions.pickMismatched(ds, i, a), WrongCaptions.pickHardMismatched(ds, i, b, 1));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> WrongCaptions.pickHardMismatched(ds, 0, new Random(0), 0));
        assertTrue(e.getMessage().contains("candidates"), e.getMessage());
    }

    @Test
    void closenessRanksSharedJudgedAttributesAboveTheRest() {
        assertEquals(2, WrongCaptions.shared(Map.of("a", "1", "b", "2", "c", "3"), Map.of("a", "1", "b", "2", "c", "4")));
        assertEquals(0, WrongCaptions.shared(Map.of("a", "1"), Map.of("b", "1")));
        Map<String, String> own = Map.of("shape", "star", "color", "red", "size", "small", "position", "center");
        List<String> judged = List.of("shape", "color");
        int sameShapeOnly = WrongCaptions.closeness(own, Map.of("shape", "star", "color", "blue", "size", "large", "position", "left"), judged);
        int restShared = WrongCaptions.closeness(own, Map.of("shape", "heart", "color", "blue", "size", "small", "position", "center"), judged);
        int sameShapeAndSize = WrongCaptions.closeness(own, Map.of("shape", "star", "color", "blue", "size", "small", "position", "left"), judged);
        assertTrue(sameShapeOnly > restShared, sameShapeOnly + " vs " + restShared);
        assertTrue(sameShapeAndSize > sameShapeOnly);
    }

    @Test
    void theScanFindsTheOneMismatchWhenRandomTriesMiss() {
        // 400 samples of one class and a single other: random tries mostly fail, the scan must not
        FakeDataset ds = new FakeDataset(401, 7);
        Random rng = new Random(1);
        for (int draw = 0; draw < 50; draw++) {
            int i = rng.nextInt(400);
            assertEquals(7, WrongCaptions.pickMismatched(ds, i, rng));
        }
        int fromOdd = WrongCaptions.pickMismatched(ds, 7, rng);
        assertNotEquals(7, fromOdd);
        assertEquals(0, ds.renders, "attributes are read without rendering");
    }

    @Test
    void noMismatchAtAllIsAnError() {
        FakeDataset ds = new FakeDataset(20, -1);
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> WrongCaptions.pickMismatched(ds, 3, new Random(0)));
        assertTrue(e.getMessage().contains("fake"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> WrongCaptions.pickMismatched(ds, 20, new Random(0)));
    }

    @Test
    void theDefaultAttributesComeFromTheSample() {
        CaptionedDataset plain = new CaptionedDataset() {
            @Override
            public String id() {
                return "plain";
            }

            @Override
            public Split split() {
                return Split.TRAIN;
            }

            @Override
            public int size() {
                return 2;
            }

            @Override
            public CaptionedSample get(int index, int resolution) {
                return new CaptionedSample(index, new float[3 * resolution * resolution], resolution,
                    List.of("a thing"), Map.of("class", "c" + index));
            }

            @Override
            public Map<String, List<String>> attributeValues() {
                return Map.of("class", List.of("c0", "c1"));
            }

            @Override
            public List<String> judgedAttributes() {
                return List.of("class");
            }
        };
        assertEquals(Map.of("class", "c1"), plain.attributes(1));
        assertEquals(1, WrongCaptions.pickMismatched(plain, 0, new Random(3)));
    }

    /** Every sample is class "a" except {@code odd} ("b"); rendering is counted. */
    private static final class FakeDataset implements CaptionedDataset {
        private final int size;
        private final int odd;
        int renders;

        FakeDataset(int size, int odd) {
            this.size = size;
            this.odd = odd;
        }

        @Override
        public String id() {
            return "fake";
        }

        @Override
        public Split split() {
            return Split.TRAIN;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public CaptionedSample get(int index, int resolution) {
            renders++;
            return new CaptionedSample(index, new float[3 * resolution * resolution], resolution, List.of("x"), attributes(index));
        }

        @Override
        public Map<String, String> attributes(int index) {
            return Map.of("class", index == odd ? "b" : "a", "other", "o" + index);
        }

        @Override
        public Map<String, List<String>> attributeValues() {
            return Map.of("class", List.of("a", "b"));
        }

        @Override
        public List<String> judgedAttributes() {
            return List.of("class");
        }
    }
}
