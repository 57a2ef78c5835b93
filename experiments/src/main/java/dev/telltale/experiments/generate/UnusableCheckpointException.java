package dev.telltale.experiments.generate;

/** A checkpoint that cannot generate: missing, damaged, of another kind, or its text encoder is gone. */
public final class UnusableCheckpointException extends Exception {

    public UnusableCheckpointException(String message) {
        super(message);
    }

    public UnusableCheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
