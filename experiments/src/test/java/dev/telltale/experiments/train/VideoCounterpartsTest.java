package dev.telltale.experiments.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.experiments.data.BouncingDigits;
import dev.telltale.experiments.data.MnistDigits;
import dev.telltale.experiments.data.Split;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VideoCounterpartsTest {

    @Test
    void aCounterpartDiffersInTheAskedAttributeAndInNothingElse() throws Exception {
        MnistDigits digits = MnistDigits.bundled();
        for (String id : List.of(BouncingDigits.SINGLE, BouncingDigits.TWO)) {
            BouncingDigits ds = BouncingDigits.create(id, digits, 3, Split.TRAIN, 600);
            VideoCounterparts c = new VideoCounterparts(ds, 500);
            assertEquals(500, c.size());
            List<String> expected = id.equals(BouncingDigits.SINGLE) ? List.of("digit", "motion")
                    : List.of("digit1", "motion1", "digit2", "motion2");
            assertEquals(expected, c.attributes(), "the derived pair is not an attribute of its own");
            Random rng = new Random(1);
            for (String attribute : expected) {
                int found = 0;
                for (int i = 0; i < 100; i++) {
                    OptionalInt j = c.counterpart(i, attribute, rng);
                    if (j.isEmpty()) {
                        continue;
                    }
                    found++;
                    assertTrue(j.getAsInt() < 500, "drawn from the indexed clips");
                    Map<String, String> own = new HashMap<>(ds.attributes(i));
                    Map<String, String> other = new HashMap<>(ds.attributes(j.getAsInt()));
                    assertNotEquals(own.get(attribute), other.get(attribute), id + " " + attribute);
                    own.remove(attribute);
                    other.remove(attribute);
                    own.remove("pair");
                    other.remove("pair");
                    assertEquals(own, other, id + ": only " + attribute + " differs");
                    assertNotEquals(ds.content(i), ds.content(j.getAsInt()), "so its caption is a wrong one");
                }
                assertTrue(found > 50, id + " " + attribute + ": most clips have a counterpart among 500, found " + found);
            }
        }
    }
}
