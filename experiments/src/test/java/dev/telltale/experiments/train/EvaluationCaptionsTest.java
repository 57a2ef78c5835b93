package dev.telltale.experiments.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.experiments.data.CaptionedShapes;
import dev.telltale.experiments.data.CaptionedSample;
import dev.telltale.experiments.data.Split;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EvaluationCaptionsTest {

    @Test
    void cyclesPhrasingsAndMarksTheUnseenOnes() {
        CaptionedShapes test = CaptionedShapes.create(3, Split.TEST, 25);
        EvaluationCaptions e = EvaluationCaptions.of(test, 60);
        assertEquals(60, e.captions().size());
        assertEquals(60, e.intended().size());
        int heldOut = 0;
        Set<Integer> phrasingsUsed = new HashSet<>();
        for (int i = 0; i < 60; i++) {
            CaptionedSample sample = test.get(i % 25, 4);
            int k = sample.captions().indexOf(e.captions().get(i));
            assertTrue(k >= 0, "caption " + i + " is one of its image's own");
            phrasingsUsed.add(k);
            Map<String, String> want = e.intended().get(i);
            for (String attribute : test.judgedAttributes()) {
                assertEquals(sample.attributes().get(attribute), want.get(attribute));
            }
            boolean unseen = k < CaptionedShapes.HELD_OUT_CAPTIONS;
            assertEquals(unseen ? EvaluationCaptions.HELD_OUT : EvaluationCaptions.SEEN, want.get(EvaluationCaptions.PHRASING));
            heldOut += unseen ? 1 : 0;
        }
        assertEquals(CaptionedShapes.CAPTIONS_PER_IMAGE, phrasingsUsed.size(), "every phrasing is used");
        // 4 of 10 phrasings are held out; the cycle gives each its share
        assertTrue(heldOut >= 20 && heldOut <= 28, "held-out share " + heldOut + "/60");
    }

    @Test
    void trainSplitHasNoHeldOutPhrasings() {
        EvaluationCaptions e = EvaluationCaptions.of(CaptionedShapes.create(3, Split.TRAIN, 12), 12);
        assertTrue(e.intended().stream().allMatch(m -> EvaluationCaptions.SEEN.equals(m.get(EvaluationCaptions.PHRASING))));
    }
}
