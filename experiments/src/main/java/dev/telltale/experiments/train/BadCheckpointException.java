package dev.telltale.experiments.train;

import java.io.IOException;

/** A file given as a checkpoint that is missing or is not a readable Telltale checkpoint; the message names it. */
public final class BadCheckpointException extends IOException {

    public BadCheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
