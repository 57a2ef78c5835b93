package dev.telltale.experiments.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VideoFramesTest {

    private static final MnistDigits DIGITS = MnistDigits.bundled();

    @Test
    void aTwoDigitFrameIsJudgedByItsUnorderedPairOfDigits() {
        BouncingDigits clips = BouncingDigits.create(BouncingDigits.TWO, DIGITS, 5, Split.TRAIN, 200);
        VideoFrames frames = VideoFrames.of(clips, 8);
        assertEquals(List.of("pair"), frames.judgedAttributes());
        assertEquals(55, frames.attributeValues().get("pair").size(), "10 pairs of one digit twice and 45 of two");
        int same = 0;
        for (int i = 0; i < frames.size(); i++) {
            Map<String, String> clip = clips.attributes(i);
            int a = Integer.parseInt(clip.get("digit1"));
            int b = Integer.parseInt(clip.get("digit2"));
            String pair = Math.min(a, b) + "+" + Math.max(a, b);
            assertEquals(Map.of("pair", pair), frames.attributes(i), "clip " + i + " " + clip);
            assertEquals(frames.attributes(i), frames.get(i, 8).attributes(), "the sample carries the same reading");
            assertTrue(frames.attributeValues().get("pair").contains(pair), pair);
            same += a == b ? 1 : 0;
        }
        assertTrue(same > 0, "no clip shows one digit twice among " + frames.size());
    }

    @Test
    void aOneDigitFrameIsJudgedByItsDigit() {
        BouncingDigits clips = BouncingDigits.create(BouncingDigits.SINGLE, DIGITS, 5, Split.TRAIN, 20);
        VideoFrames frames = VideoFrames.of(clips, 8);
        assertEquals(List.of("digit"), frames.judgedAttributes());
        for (int i = 0; i < frames.size(); i++) {
            assertEquals(Map.of("digit", clips.attributes(i).get("digit")), frames.attributes(i));
        }
    }
}
