package dev.telltale.experiments.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BouncingDigitsTest {

    private static final MnistDigits DIGITS = MnistDigits.bundled();
    /** "digit 3 ... up and down": every phrasing names the digit, then (after a verb or none) its motion. */
    private static final Pattern PAIR = Pattern.compile("digit (\\d) (?:is )?(?:moving |going |bouncing |moves )?(left and right|up and down)");

    @Test
    void theSameSeedGivesTheSameClipsAndAnotherSeedOthers() {
        for (String id : List.of(BouncingDigits.SINGLE, BouncingDigits.TWO)) {
            BouncingDigits a = BouncingDigits.create(id, DIGITS, 7, Split.TRAIN, 20);
            BouncingDigits b = BouncingDigits.create(id, DIGITS, 7, Split.TRAIN, 20);
            BouncingDigits c = BouncingDigits.create(id, DIGITS, 8, Split.TRAIN, 20);
            int differing = 0;
            for (int i = 0; i < 20; i++) {
                VideoSample x = a.get(i, 8, 32);
                VideoSample y = b.get(i, 8, 32);
                assertArrayEquals(x.flatten(), y.flatten(), id + " clip " + i);
                assertEquals(x.captions(), y.captions());
                assertEquals(x.attributes(), y.attributes());
                differing += java.util.Arrays.equals(x.flatten(), c.get(i, 8, 32).flatten()) ? 0 : 1;
            }
            assertTrue(differing >= 19, "another seed gives other clips: " + differing + " of 20 differ");
        }
    }

    @Test
    void digitsBounceInsideTheCanvasAlongTheirAxisOnly() {
        BouncingDigits tbmg = BouncingDigits.create(BouncingDigits.TWO, DIGITS, 3, Split.TRAIN, 60);
        int bounces = 0;
        for (int i = 0; i < 60; i++) {
            BouncingDigits.Truth truth = tbmg.get(i, 30, 16).truth();
            for (int d = 0; d < 2; d++) {
                int axis = truth.motions()[d] == Motion.HORIZONTAL ? 0 : 1;
                int speed = Math.abs(truth.positions()[d][1][axis] - truth.positions()[d][0][axis]);
                for (int t = 0; t < 30; t++) {
                    int[] p = truth.positions()[d][t];
                    assertTrue(p[0] >= 0 && p[0] <= BouncingDigits.MAX_POSITION && p[1] >= 0 && p[1] <= BouncingDigits.MAX_POSITION,
                            "clip " + i + " digit " + d + " frame " + t + " at " + p[0] + "," + p[1] + " leaves the canvas");
                    assertEquals(truth.positions()[d][0][1 - axis], p[1 - axis], "the other coordinate stays put");
                    if (t > 0 && t < 29) {
                        int before = p[axis] - truth.positions()[d][t - 1][axis];
                        int after = truth.positions()[d][t + 1][axis] - p[axis];
                        if (Integer.signum(before) != Integer.signum(after)) {
                            bounces++;
                        }
                    }
                }
                assertTrue(speed >= 0 && speed <= BouncingDigits.MAX_SPEED);
            }
        }
        assertTrue(bounces > 30, "30 frames at 2..5 px/frame over 36 px must bounce often, saw " + bounces);
    }

    @Test
    void inkLiesOnlyInsideTheDigitsBoxes() {
        BouncingDigits sbmg = BouncingDigits.create(BouncingDigits.SINGLE, DIGITS, 5, Split.TEST, 10);
        for (int i = 0; i < 10; i++) {
            VideoSample clip = sbmg.get(i, 6, 64);
            for (int t = 0; t < 6; t++) {
                int[] p = clip.truth().positions()[0][t];
                float[] f = clip.frames().get(t);
                double ink = 0;
                for (int y = 0; y < 64; y++) {
                    for (int x = 0; x < 64; x++) {
                        boolean inside = x >= p[0] && x < p[0] + 28 && y >= p[1] && y < p[1] + 28;
                        if (!inside) {
                            assertEquals(-1f, f[y * 64 + x], "no ink outside the box at " + x + "," + y);
                        } else {
                            ink += f[y * 64 + x] + 1;
                        }
                    }
                }
                assertTrue(ink > 50, "the digit is drawn");
            }
        }
    }

    @Test
    void captionsSayWhatTheClipShows() {
        for (String id : List.of(BouncingDigits.SINGLE, BouncingDigits.TWO)) {
            for (Split split : Split.values()) {
                BouncingDigits ds = BouncingDigits.create(id, DIGITS, 11, split, 40);
                Set<String> phrasings = new HashSet<>();
                for (int i = 0; i < 40; i++) {
                    VideoSample clip = ds.get(i, 4, 16);
                    assertEquals(ds.captions(i), clip.captions());
                    assertEquals(BouncingDigits.CAPTIONS_PER_CLIP, new HashSet<>(clip.captions()).size(), "distinct phrasings");
                    for (String caption : clip.captions()) {
                        Matcher m = PAIR.matcher(caption);
                        List<String> said = new ArrayList<>();
                        while (m.find()) {
                            said.add(m.group(1) + ":" + m.group(2));
                        }
                        List<String> truth = new ArrayList<>();
                        for (int d = 0; d < ds.digitsPerClip(); d++) {
                            truth.add(clip.truth().digits()[d] + ":" + clip.truth().motions()[d].phrase());
                        }
                        assertEquals(truth, said, "\"" + caption + "\"");
                        phrasings.add(caption.replaceAll("\\d", "#").replace("left and right", "M").replace("up and down", "M"));
                    }
                    List<String> pairs = new ArrayList<>();
                    for (int d = 0; d < ds.digitsPerClip(); d++) {
                        pairs.add(clip.truth().digits()[d] + ":" + clip.truth().motions()[d].phrase());
                    }
                    pairs.sort(null);
                    assertEquals(String.join("|", pairs), ds.content(i));
                }
                assertTrue(phrasings.size() >= 4, id + " uses several phrasings: " + phrasings);
            }
        }
    }

    @Test
    void testHoldsOutDigitMotionPairsThatTrainNeverShows() {
        Set<String> train = new HashSet<>();
        Set<String> test = new HashSet<>();
        for (String id : List.of(BouncingDigits.SINGLE, BouncingDigits.TWO)) {
            BouncingDigits tr = BouncingDigits.create(id, DIGITS, 2, Split.TRAIN, 400);
            BouncingDigits te = BouncingDigits.create(id, DIGITS, 2, Split.TEST, 100);
            for (int i = 0; i < 400; i++) {
                for (String pair : tr.content(i).split("\\|")) {
                    train.add(pair);
                    String[] dm = pair.split(":");
                    assertFalse(BouncingDigits.heldOut(Integer.parseInt(dm[0]), Motion.fromPhrase(dm[1])), id + " TRAIN shows " + pair);
                }
            }
            for (int i = 0; i < 100; i++) {
                boolean any = false;
                for (String pair : te.content(i).split("\\|")) {
                    String[] dm = pair.split(":");
                    any |= BouncingDigits.heldOut(Integer.parseInt(dm[0]), Motion.fromPhrase(dm[1]));
                    test.add(pair);
                }
                assertTrue(any, id + " TEST clip " + i + " has a held-out pair: " + te.content(i));
            }
        }
        assertEquals(16, train.size(), "TRAIN shows the other 16 of the 20 pairs");
        Set<String> unseen = new HashSet<>(test);
        unseen.removeAll(train);
        assertEquals(4, unseen.size(), "four pairs are only in TEST: " + unseen);
        // the frame classifier's variant shows every pair in both splits
        BouncingDigits all = BouncingDigits.create(BouncingDigits.SINGLE, DIGITS, 2, Split.TEST, 300, false);
        Set<String> everything = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            everything.add(all.content(i));
        }
        assertEquals(20, everything.size());
    }

    @Test
    void framesAreAreaResampledFromTheCanvas() {
        BouncingDigits ds = BouncingDigits.create(BouncingDigits.SINGLE, DIGITS, 4, Split.TRAIN, 3);
        VideoSample big = ds.get(1, 3, 64);
        VideoSample small = ds.get(1, 3, 32);
        float[] b = big.frames().get(2);
        float[] s = small.frames().get(2);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                float mean = (b[2 * y * 64 + 2 * x] + b[2 * y * 64 + 2 * x + 1] + b[(2 * y + 1) * 64 + 2 * x] + b[(2 * y + 1) * 64 + 2 * x + 1]) / 4;
                assertEquals(mean, s[y * 32 + x], 1e-5, "a 32-px pixel is the mean of its four 64-px pixels");
                assertEquals(s[y * 32 + x], s[32 * 32 + y * 32 + x], "grey: the channels agree");
            }
        }
        assertEquals(48 * 48 * 3, ds.get(0, 16, 48).frames().get(15).length);
        assertThrows(IllegalArgumentException.class, () -> BouncingDigits.create("mnist", DIGITS, 1, Split.TRAIN, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> ds.get(3, 2, 16));
        assertNotEquals(ds.content(0) + ds.captions(0), ds.content(1) + ds.captions(1));
    }
}
