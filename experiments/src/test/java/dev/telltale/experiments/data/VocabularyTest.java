package dev.telltale.experiments.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VocabularyTest {

    @TempDir
    Path dir;

    private static final List<String> CAPTIONS = List.of(
        "A small RED circle, in the upper-left!",
        "a red square",
        "the circle is red; 7 of them");

    @Test
    void tokensAreLowerCasedRunsOfLettersAndDigits() {
        assertEquals(List.of("a", "small", "red", "circle", "in", "the", "upper", "left"), Vocabulary.tokenize(CAPTIONS.get(0)));
        assertEquals(List.of("the", "digit", "7", "écrit"), Vocabulary.tokenize("  The digit 7 -- Écrit  "));
        assertEquals(List.of(), Vocabulary.tokenize(" ,.; "));
    }

    @Test
    void idsFollowFrequencyThenAlphabetWithPadAndUnkFirst() {
        Vocabulary v = Vocabulary.build(CAPTIONS, 1);
        // counts: red 3, a 2, circle 2, the 2, then the singletons alphabetically
        assertEquals(List.of("<pad>", "<unk>", "red", "a", "circle", "the", "7", "in", "is", "left", "of",
            "small", "square", "them", "upper"), v.words());
        assertEquals(15, v.size());
        Vocabulary frequent = Vocabulary.build(CAPTIONS, 2);
        assertEquals(List.of("<pad>", "<unk>", "red", "a", "circle", "the"), frequent.words());
    }

    @Test
    void encodePadsTruncatesAndMarksUnknownWords() {
        Vocabulary v = Vocabulary.build(CAPTIONS, 2);
        assertArrayEquals(new int[] {3, 2, 4, 0, 0, 0}, v.encode("a red circle", 6));
        assertArrayEquals(new int[] {3, 1, 4}, v.encode("a green circle on black", 3));
        assertEquals(List.of("green", "on", "black"), v.unknownWords("A green circle on BLACK, green!"));
        assertEquals(List.of(), v.unknownWords("the red circle"));
        assertEquals("a <unk> circle", v.decode(v.encode("a green circle", 5)));
        assertThrows(IllegalArgumentException.class, () -> v.encode("a", 0));
    }

    @Test
    void saveAndLoadRoundTrip() {
        Vocabulary v = Vocabulary.build(CAPTIONS, 1);
        Path file = dir.resolve("sub/vocab.json");
        v.save(file);
        Vocabulary back = Vocabulary.load(file);
        assertEquals(v, back);
        for (String caption : CAPTIONS) {
            assertArrayEquals(v.encode(caption, 12), back.encode(caption, 12));
        }
    }

    @Test
    void loadRejectsFilesThatAreNotVocabularies() throws IOException {
        Path missing = dir.resolve("missing.json");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Vocabulary.load(missing));
        assertTrue(e.getMessage().contains("missing.json"));
        Path other = dir.resolve("other.json");
        Files.writeString(other, "{\"format\":\"something\",\"version\":1,\"words\":[\"a\"]}");
        e = assertThrows(IllegalArgumentException.class, () -> Vocabulary.load(other));
        assertTrue(e.getMessage().contains("other.json"));
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{not json");
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.load(broken));
    }

    @Test
    void shapesTrainingCaptionsCoverTheHeldOutPhrasingsOnlyPartly() {
        List<String> train = new ArrayList<>();
        CaptionedShapes shapes = CaptionedShapes.create(1, Split.TRAIN, 200);
        for (int i = 0; i < shapes.size(); i++) {
            train.addAll(shapes.get(i, 4).captions());
        }
        Vocabulary v = Vocabulary.build(train, 1);
        // every judged value is a known word, so a test caption's shape and colour always encode
        for (String word : CaptionedShapes.SHAPES) {
            assertTrue(v.id(word) > Vocabulary.UNK, word);
        }
        for (String word : CaptionedShapes.COLORS) {
            assertTrue(v.id(word) > Vocabulary.UNK, word);
        }
        // the held-out phrasings bring words training never saw
        CaptionedSample test = CaptionedShapes.create(1, Split.TEST, 1).get(0, 4);
        List<String> unseen = new ArrayList<>();
        for (String caption : test.captions()) {
            unseen.addAll(v.unknownWords(caption));
        }
        assertTrue(unseen.contains("sitting") && unseen.contains("appears"), unseen.toString());
    }
}
