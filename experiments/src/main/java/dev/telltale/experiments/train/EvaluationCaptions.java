package dev.telltale.experiments.train;

import dev.telltale.experiments.data.CaptionedDataset;
import dev.telltale.experiments.data.CaptionedSample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The held-out captions an evaluation generates from: n of them over the test images, cycling through
 * each image's phrasings so that phrasings TRAIN has seen and those it has not (the first
 * {@link CaptionedDataset#heldOutPhrasings()}) are both represented. Each intended attribute map
 * carries {@link #PHRASING} ({@link #SEEN} or {@link #HELD_OUT}), so a judge can report caption
 * accuracy for new images in familiar words apart from new wording.
 */
public record EvaluationCaptions(List<String> captions, List<Map<String, String>> intended) {

    public static final String PHRASING = "phrasing";
    public static final String SEEN = "seen";
    public static final String HELD_OUT = "heldout";

    public static EvaluationCaptions of(CaptionedDataset test, int n) {
        List<String> captions = new ArrayList<>(n);
        List<Map<String, String>> intended = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            CaptionedSample sample = test.get(i % test.size(), 4);
            // the image index and the phrasing both advance, so every image meets several phrasings
            int k = (i + i / test.size()) % sample.captions().size();
            captions.add(sample.captions().get(k));
            Map<String, String> want = new LinkedHashMap<>(sample.attributes());
            want.put(PHRASING, k < test.heldOutPhrasings() ? HELD_OUT : SEEN);
            intended.add(want);
        }
        return new EvaluationCaptions(List.copyOf(captions), List.copyOf(intended));
    }
}
