package dev.telltale.experiments.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.experiments.data.CaptionedSample;
import dev.telltale.experiments.data.CaptionedShapes;
import dev.telltale.experiments.data.Split;
import dev.telltale.experiments.data.Vocabulary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The text encoder's word dropout: which ids it touches, how often, and that it stays off unless asked. */
class WordDropoutTest {

    private static final int LENGTH = 24;

    private static List<String> captions() {
        CaptionedShapes shapes = CaptionedShapes.create(3, Split.TRAIN, 60);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < shapes.size(); i++) {
            CaptionedSample s = shapes.get(i, 4);
            out.addAll(s.captions());
        }
        return out;
    }

    @Test
    void wordsBecomeUnknownAtTheRateAskedAndPaddingNever() {
        List<String> captions = captions();
        Vocabulary vocab = Vocabulary.build(captions, 1);
        int[] dropped = TextEncoderTraining.dropWords(vocab, captions, LENGTH, 0.3f, new Random(5));
        int words = 0;
        int unknown = 0;
        for (int i = 0; i < captions.size(); i++) {
            int[] whole = vocab.encode(captions.get(i), LENGTH);
            for (int t = 0; t < LENGTH; t++) {
                int id = dropped[i * LENGTH + t];
                if (whole[t] == Vocabulary.PAD) {
                    assertEquals(Vocabulary.PAD, id, "padding stays padding");
                } else {
                    words++;
                    assertTrue(id == whole[t] || id == Vocabulary.UNK, "a word is kept or made unknown, never another word");
                    unknown += id == Vocabulary.UNK ? 1 : 0;
                }
            }
        }
        // every caption word is in this vocabulary, so every UNK is a dropped word: ~30 % of thousands
        assertTrue(words > 5000, "words " + words);
        assertEquals(0.3, (double) unknown / words, 0.02, unknown + " of " + words);
        assertArrayEquals(dropped, TextEncoderTraining.dropWords(vocab, captions, LENGTH, 0.3f, new Random(5)), "same seed, same words");
    }

    @Test
    void offByDefaultAndAtZeroTheCaptionsAreWhole() {
        List<String> captions = captions().subList(0, 40);
        Vocabulary vocab = Vocabulary.build(captions, 1);
        int[] zero = TextEncoderTraining.dropWords(vocab, captions, LENGTH, 0f, new Random(5));
        for (int i = 0; i < captions.size(); i++) {
            int[] whole = vocab.encode(captions.get(i), LENGTH);
            for (int t = 0; t < LENGTH; t++) {
                assertEquals(whole[t], zero[i * LENGTH + t]);
            }
        }
        assertEquals(0f, TextEncoderTraining.wordDropout(new ParamMap(Map.of())));
        assertEquals(0.2f, TextEncoderTraining.wordDropout(new ParamMap(Map.of("wordDropout", 0.2))));
        for (double bad : new double[] {-0.1, 1.0}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TextEncoderTraining.wordDropout(new ParamMap(Map.of("wordDropout", bad))));
            assertTrue(e.getMessage().contains("wordDropout"), e.getMessage());
        }
    }
}
