package dev.telltale.experiments.generate;

import dev.telltale.experiments.data.Vocabulary;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A caption's words split by whether the model's vocabulary has them, each once, in order of
 * appearance: unknown words reach the encoder as one shared "unknown" id, so they say nothing.
 */
public record Words(List<String> known, List<String> unknown) {

    public static Words of(String caption, Vocabulary vocabulary) {
        Set<String> known = new LinkedHashSet<>();
        Set<String> unknown = new LinkedHashSet<>();
        for (String token : Vocabulary.tokenize(caption)) {
            (vocabulary.id(token) == Vocabulary.UNK ? unknown : known).add(token);
        }
        return new Words(List.copyOf(known), List.copyOf(unknown));
    }

    /** Refuses a caption longer than the {@code maxWords} an encoder reads. */
    public static void requireAtMost(String caption, int maxWords) {
        int words = Vocabulary.tokenize(caption).size();
        if (words > maxWords) {
            throw new TooManyWordsException(words, maxWords);
        }
    }

    /** These words, when the model knows at least one of them: a caption of unknown words only says nothing. */
    public Words requireSomeKnown() {
        if (known.isEmpty()) {
            throw new NoKnownWordsException(unknown);
        }
        return this;
    }
}
