package dev.telltale.experiments.cli;

/** A command line that cannot be run; the message says why. */
public final class UsageException extends Exception {
    public UsageException(String message) {
        super(message);
    }
}
