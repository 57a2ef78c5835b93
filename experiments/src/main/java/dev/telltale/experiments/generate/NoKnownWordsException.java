package dev.telltale.experiments.generate;

import java.util.List;

/** A caption none of whose words the model knows: its embedding would be that of "unknown" alone. */
public final class NoKnownWordsException extends CaptionRejectedException {

    private final List<String> unknownWords;

    public NoKnownWordsException(List<String> unknownWords) {
        super(unknownWords.isEmpty()
                ? "the caption has no words"
                : "the model knows none of the caption's words (" + String.join(", ", unknownWords) + ")");
        this.unknownWords = List.copyOf(unknownWords);
    }

    public List<String> unknownWords() {
        return unknownWords;
    }
}
