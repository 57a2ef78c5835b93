package dev.telltale.experiments.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CaptionAccuracyTest {

    private static final List<String> JUDGED = List.of("shape", "color");

    @Test
    void countsOnlyImagesWithEveryJudgedAttributeRight() {
        List<Map<String, String>> intended = List.of(
                Map.of("shape", "circle", "color", "red", "size", "small"),
                Map.of("shape", "square", "color", "blue", "size", "large"),
                Map.of("shape", "circle", "color", "green", "size", "small"),
                Map.of("shape", "triangle", "color", "red", "size", "small"));
        List<Map<String, String>> predicted = List.of(
                Map.of("shape", "circle", "color", "red"), // right
                Map.of("shape", "square", "color", "red"), // colour wrong
                Map.of("shape", "square", "color", "green"), // shape wrong
                Map.of("shape", "triangle", "color", "red", "size", "large")); // right: size is not judged
        assertEquals(0.5, CaptionAccuracy.compute(predicted, intended, JUDGED), 0.0);
        assertEquals(0.75, CaptionAccuracy.compute(predicted, intended, List.of("shape")), 0.0);
    }

    @Test
    void badInputIsRejected() {
        List<Map<String, String>> one = List.of(Map.of("shape", "circle", "color", "red"));
        assertThrows(IllegalArgumentException.class, () -> CaptionAccuracy.compute(one, List.of(), JUDGED));
        assertThrows(IllegalArgumentException.class,
                () -> CaptionAccuracy.compute(List.of(Map.of("shape", "circle")), one, JUDGED));
        assertThrows(IllegalArgumentException.class, () -> CaptionAccuracy.compute(one, one, List.of()));
    }
}
