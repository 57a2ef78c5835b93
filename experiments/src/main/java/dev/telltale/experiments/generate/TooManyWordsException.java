package dev.telltale.experiments.generate;

/**
 * A caption longer than the model's encoder reads: the words past its length would be cut off
 * unseen while the answer still listed them as read.
 */
public final class TooManyWordsException extends CaptionRejectedException {

    public TooManyWordsException(int words, int maxWords) {
        super("the caption has " + words + " words; this model reads at most " + maxWords);
    }
}
