package dev.telltale.experiments.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Checks shared by the dataset tests: words in captions, phrasing skeletons, image statistics. */
final class SampleChecks {

    private SampleChecks() {
    }

    static boolean mentions(String caption, String phrase) {
        return Pattern.compile("\\b" + Pattern.quote(phrase) + "\\b").matcher(caption).find();
    }

    /** The caption names {@code truth} and no other value of the attribute. */
    static void assertNamesOnly(String caption, String truth, Collection<String> values) {
        assertTrue(mentions(caption, truth), () -> "\"" + caption + "\" should name " + truth);
        assertNamesNoneBut(caption, truth, values);
    }

    /** The caption may leave the attribute out, but names no value other than {@code truth}. */
    static void assertNamesNoneBut(String caption, String truth, Collection<String> values) {
        for (String other : values) {
            if (!other.equals(truth)) {
                assertTrue(!mentions(caption, other), () -> "\"" + caption + "\" names " + other + " but the truth is " + truth);
            }
        }
    }

    /** The phrasing behind a caption: attribute values replaced by their names, articles unified. */
    static String skeleton(String caption, Map<String, String> slots) {
        String s = caption;
        // longest values first so "light gray" is replaced before anything inside it
        List<Map.Entry<String, String>> entries = slots.entrySet().stream()
            .sorted((a, b) -> b.getValue().length() - a.getValue().length()).toList();
        for (Map.Entry<String, String> e : entries) {
            s = s.replaceAll("\\b" + Pattern.quote(e.getValue()) + "\\b", "{" + e.getKey() + "}");
        }
        return s.replaceAll("\\ban \\{", "a {");
    }

    static void assertInRange(float[] image) {
        for (float v : image) {
            assertTrue(v >= -1f && v <= 1f, () -> "pixel " + v + " outside [-1, 1]");
        }
    }

    /** Box-filter a 3 × big × big image down by an integer factor. */
    static float[] downscale(float[] image, int big, int factor) {
        int small = big / factor;
        float[] out = new float[3 * small * small];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < small; y++) {
                for (int x = 0; x < small; x++) {
                    float sum = 0;
                    for (int dy = 0; dy < factor; dy++) {
                        for (int dx = 0; dx < factor; dx++) {
                            sum += image[c * big * big + (y * factor + dy) * big + x * factor + dx];
                        }
                    }
                    out[c * small * small + y * small + x] = sum / (factor * factor);
                }
            }
        }
        return out;
    }

    static double meanAbsDifference(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum / a.length;
    }

    /** Pixel (x, y) as 0..255 RGB. */
    static double[] rgb(float[] image, int size, int x, int y) {
        int plane = size * size;
        int p = y * size + x;
        return new double[] {(image[p] + 1) * 127.5, (image[plane + p] + 1) * 127.5, (image[2 * plane + p] + 1) * 127.5};
    }

    static double distance(double[] a, int[] b) {
        double s = 0;
        for (int c = 0; c < 3; c++) {
            s += (a[c] - b[c]) * (a[c] - b[c]);
        }
        return Math.sqrt(s);
    }
}
