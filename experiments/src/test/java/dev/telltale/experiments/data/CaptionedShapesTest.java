package dev.telltale.experiments.data;

import static dev.telltale.experiments.data.SampleChecks.assertInRange;
import static dev.telltale.experiments.data.SampleChecks.assertNamesNoneBut;
import static dev.telltale.experiments.data.SampleChecks.assertNamesOnly;
import static dev.telltale.experiments.data.SampleChecks.distance;
import static dev.telltale.experiments.data.SampleChecks.rgb;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CaptionedShapesTest {

    @Test
    void sameSeedGivesIdenticalSamplesAndAnotherSeedDoesNot() {
        CaptionedShapes a = CaptionedShapes.create(7, Split.TRAIN, 30);
        CaptionedShapes b = CaptionedShapes.create(7, Split.TRAIN, 30);
        CaptionedShapes c = CaptionedShapes.create(8, Split.TRAIN, 30);
        int differentPixels = 0;
        int differentCaptions = 0;
        for (int i = 0; i < 30; i++) {
            CaptionedSample x = a.get(i, 32);
            CaptionedSample y = b.get(i, 32);
            assertArrayEquals(x.image(), y.image(), 0f);
            assertEquals(x.captions(), y.captions());
            assertEquals(x.attributes(), y.attributes());
            CaptionedSample z = c.get(i, 32);
            differentPixels += Arrays.equals(x.image(), z.image()) ? 0 : 1;
            differentCaptions += x.captions().equals(z.captions()) ? 0 : 1;
        }
        assertEquals(30, differentPixels);
        assertEquals(30, differentCaptions);
    }

    @Test
    void testImagesAreNotTrainImages() {
        CaptionedShapes train = CaptionedShapes.create(3, Split.TRAIN, 300);
        CaptionedShapes test = CaptionedShapes.create(3, Split.TEST, 300);
        Set<Integer> trainHashes = new HashSet<>();
        Set<List<Float>> trainImages = new HashSet<>();
        for (int i = 0; i < train.size(); i++) {
            float[] image = train.get(i, 24).image();
            trainHashes.add(Arrays.hashCode(image));
            trainImages.add(boxed(image));
        }
        for (int i = 0; i < test.size(); i++) {
            float[] image = test.get(i, 24).image();
            if (trainHashes.contains(Arrays.hashCode(image))) {
                assertFalse(trainImages.contains(boxed(image)), "TEST sample " + i + " repeats a TRAIN image");
            }
        }
    }

    @Test
    void everyCaptionNamesTheTrueShapeAndColourAndNothingFalse() {
        for (Split split : Split.values()) {
            CaptionedShapes ds = CaptionedShapes.create(11, split, 200);
            Map<String, List<String>> values = ds.attributeValues();
            for (int i = 0; i < ds.size(); i++) {
                CaptionedSample s = ds.get(i, 4);
                Map<String, String> a = s.attributes();
                assertEquals(CaptionedShapes.CAPTIONS_PER_IMAGE, s.captions().size());
                assertEquals(s.captions().size(), new HashSet<>(s.captions()).size(), "captions of one image repeat");
                for (String caption : s.captions()) {
                    assertNamesOnly(caption, a.get("shape"), values.get("shape"));
                    assertNamesOnly(caption, a.get("color"), values.get("color"));
                    assertNamesNoneBut(caption, a.get("size"), values.get("size"));
                    assertNamesNoneBut(caption, a.get("position"), values.get("position"));
                    assertNamesNoneBut(caption, a.get("background"), values.get("background"));
                    assertFalse(caption.matches(".*\\ba [aeiou].*"), () -> "article: " + caption);
                }
            }
        }
    }

    @Test
    void testCaptionsStartWithPhrasingsTrainingNeverShows() {
        Set<String> trainPhrasings = new HashSet<>();
        CaptionedShapes train = CaptionedShapes.create(5, Split.TRAIN, 300);
        for (int i = 0; i < train.size(); i++) {
            CaptionedSample s = train.get(i, 4);
            for (String caption : s.captions()) {
                trainPhrasings.add(SampleChecks.skeleton(caption, s.attributes()));
            }
        }
        CaptionedShapes test = CaptionedShapes.create(5, Split.TEST, 100);
        Set<String> heldOut = new HashSet<>();
        for (int i = 0; i < test.size(); i++) {
            CaptionedSample s = test.get(i, 4);
            for (int k = 0; k < s.captions().size(); k++) {
                String phrasing = SampleChecks.skeleton(s.captions().get(k), s.attributes());
                if (k < CaptionedShapes.HELD_OUT_CAPTIONS) {
                    assertFalse(trainPhrasings.contains(phrasing), "held-out phrasing seen in TRAIN: " + phrasing);
                    heldOut.add(phrasing);
                } else {
                    assertTrue(trainPhrasings.contains(phrasing), "shared phrasing missing from TRAIN: " + phrasing);
                }
            }
        }
        assertEquals(CaptionedShapes.HELD_OUT_CAPTIONS, heldOut.size());
    }

    @Test
    void theImageShowsTheNamedColourAtTheNamedPositionOnTheNamedBackground() {
        CaptionedShapes ds = CaptionedShapes.create(21, Split.TRAIN, 120);
        for (int res : new int[] {32, 128}) {
            for (int i = 0; i < ds.size(); i++) {
                CaptionedSample s = ds.get(i, res);
                assertInRange(s.image());
                Map<String, String> a = s.attributes();
                int[] bg = CaptionedShapes.backgroundRgb(a.get("background"));
                double[] sum = new double[3];
                double cx = 0;
                double cy = 0;
                int n = 0;
                for (int y = 0; y < res; y++) {
                    for (int x = 0; x < res; x++) {
                        double[] p = rgb(s.image(), res, x, y);
                        if (distance(p, bg) >= 100) {
                            for (int c = 0; c < 3; c++) {
                                sum[c] += p[c];
                            }
                            cx += (x + 0.5) / res;
                            cy += (y + 0.5) / res;
                            n++;
                        }
                    }
                }
                String where = "sample " + i + " at " + res + " " + a;
                assertTrue(n > 0, "no shape pixels: " + where);
                double[] mean = {sum[0] / n, sum[1] / n, sum[2] / n};
                assertEquals(a.get("color"), nearest(mean, CaptionedShapes.COLORS, true), where);
                assertEquals(a.get("position"), nearestPosition(cx / n, cy / n), where);
                // the corner farthest from the shape is plain background
                double[] centre = CaptionedShapes.positionCenter(a.get("position"));
                int fx = centre[0] <= 0.5 ? res - 1 : 0;
                int fy = centre[1] <= 0.5 ? res - 1 : 0;
                assertTrue(distance(rgb(s.image(), res, fx, fy), bg) < 1.5, where);
            }
        }
    }

    @Test
    void largeAndSmallResolutionsShowTheSameScene() {
        CaptionedShapes ds = CaptionedShapes.create(4, Split.TEST, 40);
        for (int i = 0; i < ds.size(); i++) {
            float[] small = ds.get(i, 64).image();
            float[] large = SampleChecks.downscale(ds.get(i, 256).image(), 256, 4);
            assertTrue(SampleChecks.meanAbsDifference(small, large) < 0.02, "sample " + i);
        }
        // and a different scene is far from it, so the tolerance above means something
        float[] a = ds.get(0, 64).image();
        float[] b = SampleChecks.downscale(ds.get(1, 256).image(), 256, 4);
        assertTrue(SampleChecks.meanAbsDifference(a, b) > 0.1);
    }

    @Test
    void attributesAnswerWithoutRenderingAndAgreeWithTheSample() {
        CaptionedShapes ds = CaptionedShapes.create(9, Split.TEST, 50);
        for (int i = 0; i < ds.size(); i++) {
            assertEquals(ds.get(i, 8).attributes(), ds.attributes(i));
        }
    }

    @Test
    void everyValueOccursAndEveryColourHasAContrastingBackground() {
        CaptionedShapes ds = CaptionedShapes.create(1, Split.TRAIN, 3000);
        Map<String, Map<String, Integer>> seen = new HashMap<>();
        for (int i = 0; i < ds.size(); i++) {
            ds.attributes(i).forEach((k, v) -> seen.computeIfAbsent(k, x -> new HashMap<>()).merge(v, 1, Integer::sum));
        }
        ds.attributeValues().forEach((attribute, values) -> assertEquals(Set.copyOf(values), seen.get(attribute).keySet(), attribute));
        for (String judged : ds.judgedAttributes()) {
            int expected = ds.size() / ds.attributeValues().get(judged).size();
            seen.get(judged).forEach((v, count) -> assertTrue(count > expected * 0.7, judged + "=" + v + " only " + count));
        }
        for (int c = 0; c < CaptionedShapes.COLORS.size(); c++) {
            assertTrue(CaptionedShapes.backgroundsFor(c).size() >= 2, CaptionedShapes.COLORS.get(c));
        }
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> CaptionedShapes.create(1, Split.TRAIN, 0));
        assertThrows(IllegalArgumentException.class, () -> CaptionedShapes.create(1, null, 3));
        CaptionedShapes ds = CaptionedShapes.create(1, Split.TRAIN, 3);
        assertThrows(IndexOutOfBoundsException.class, () -> ds.get(3, 8));
        assertThrows(IllegalArgumentException.class, () -> ds.get(0, 0));
    }

    static String nearest(double[] rgb, List<String> names, boolean shapes) {
        String best = null;
        double bestDistance = Double.MAX_VALUE;
        for (String name : names) {
            double d = distance(rgb, shapes ? CaptionedShapes.colorRgb(name) : CaptionedDigits.colorRgb(name));
            if (d < bestDistance) {
                bestDistance = d;
                best = name;
            }
        }
        return best;
    }

    private static String nearestPosition(double x, double y) {
        String best = null;
        double bestDistance = Double.MAX_VALUE;
        for (String p : CaptionedShapes.POSITIONS) {
            double[] c = CaptionedShapes.positionCenter(p);
            double d = Math.hypot(c[0] - x, c[1] - y);
            if (d < bestDistance) {
                bestDistance = d;
                best = p;
            }
        }
        return best;
    }

    private static List<Float> boxed(float[] image) {
        Float[] out = new Float[image.length];
        for (int i = 0; i < image.length; i++) {
            out[i] = image[i];
        }
        return Arrays.asList(out);
    }
}
