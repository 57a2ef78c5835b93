package dev.telltale.experiments.bench;

/** The probes' command-line failures: a message on stderr named after the tool, and exit status 2. */
final class ProbeArgs {

    private final String tool;

    ProbeArgs(String tool) {
        this.tool = tool;
    }

    /** A positive whole number, or a message naming the option and exit 2. */
    int count(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        fail(option + " must be a positive whole number, got " + value);
        return 0;
    }

    void fail(String message) {
        System.err.println(tool + ": " + message);
        System.exit(2);
    }
}
