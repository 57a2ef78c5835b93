package dev.telltale.experiments.eval;

import java.util.List;
import java.util.Map;

/**
 * The share of generated images whose judged attributes (as a domain classifier reads them) all
 * equal the ones their caption asked for: an image that gets the colour right but the shape wrong
 * counts as wrong.
 */
public final class CaptionAccuracy {

    private CaptionAccuracy() {
    }

    /**
     * @param predicted         per image, the judge's reading of each judged attribute
     * @param intended          per image, the attributes its caption describes
     * @param judgedAttributes  the attributes that must all match (e.g. shape and color)
     */
    public static double compute(List<Map<String, String>> predicted, List<Map<String, String>> intended,
            List<String> judgedAttributes) {
        if (predicted.size() != intended.size()) {
            throw new IllegalArgumentException("predicted and intended must have one entry per image, got "
                    + predicted.size() + " and " + intended.size());
        }
        if (predicted.isEmpty()) {
            throw new IllegalArgumentException("predicted must hold at least one image");
        }
        if (judgedAttributes.isEmpty()) {
            throw new IllegalArgumentException("judgedAttributes must name at least one attribute");
        }
        int right = 0;
        for (int i = 0; i < predicted.size(); i++) {
            boolean all = true;
            for (String attribute : judgedAttributes) {
                String want = intended.get(i).get(attribute);
                if (want == null) {
                    throw new IllegalArgumentException("intended image " + i + " lacks judged attribute '" + attribute + "'");
                }
                String got = predicted.get(i).get(attribute);
                if (got == null) {
                    throw new IllegalArgumentException("predicted image " + i + " lacks judged attribute '" + attribute + "'");
                }
                all &= want.equals(got);
            }
            if (all) {
                right++;
            }
        }
        return (double) right / predicted.size();
    }
}
