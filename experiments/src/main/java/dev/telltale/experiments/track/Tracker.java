package dev.telltale.experiments.track;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where a training run reports what happens to it: scalars per step (losses, scores) and artifact
 * files (samples, checkpoints). Implementations are thread-safe and must not slow training down:
 * they buffer and never throw for a server that is away.
 *
 * <p>Non-finite values (NaN, ±Infinity) are not recorded as values: the server rejects them, and a
 * single NaN would poison every chart of the key. A diverged loss is still information the user must
 * see, so each one is recorded instead as the point {@code nonfinite/<key>} at the same step whose
 * value is how many non-finite values {@code key} has had so far in this tracker, and a warning is
 * logged the first time (and at every power of ten). The run goes on; whether to stop a diverged run
 * is the training loop's decision.
 */
public interface Tracker extends AutoCloseable {

    /** Prefix of the counter key that stands for the non-finite values of a key. */
    String NONFINITE_PREFIX = "nonfinite/";

    /** Records {@code value} of {@code key} (e.g. {@code loss/d}) at training step {@code step} (≥ 0). */
    void scalar(String key, long step, double value);

    /** Records several scalars of one step; a null value is an IllegalArgumentException naming its key. */
    default void scalars(long step, Map<String, Double> values) {
        for (Map.Entry<String, Double> entry : values.entrySet()) {
            if (entry.getValue() == null) {
                throw new IllegalArgumentException("scalar '" + entry.getKey() + "' has no value");
            }
            scalar(entry.getKey(), step, entry.getValue());
        }
    }

    /**
     * Registers an artifact file, after every scalar recorded before this call. {@code step} and
     * {@code captionIndex} may be null.
     */
    void artifact(ArtifactKind kind, Path file, Long step, Integer captionIndex);

    /** Says the run is alive although it may have nothing new to report (a long evaluation, say). */
    void heartbeat();

    /**
     * An evaluation result with its spread (Inception score ± std over splits, FID, caption accuracy)
     * over {@code n} samples, for the run's evaluation table. The loop logs the same values as
     * {@code eval/*} scalars, so trackers without such a table need do nothing here.
     */
    default void evaluation(long step, String metric, double mean, Double std, Integer n, String evaluator) {}

    /** Pushes what is buffered towards its destination (disk or server) now. */
    void flush();

    /** Flushes and releases the tracker; later calls to record anything are IllegalStateExceptions. */
    @Override
    void close();
}
