package dev.telltale.experiments.generate;

/** A caption the model cannot read as written; the message says why, for the person who typed it. */
public class CaptionRejectedException extends IllegalArgumentException {

    public CaptionRejectedException(String message) {
        super(message);
    }
}
