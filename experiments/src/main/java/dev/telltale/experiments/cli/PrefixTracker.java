package dev.telltale.experiments.cli;

import dev.telltale.experiments.track.ArtifactKind;
import dev.telltale.experiments.track.Tracker;
import java.nio.file.Path;

/** Logs into another tracker under a key prefix (a sub-run's metrics inside its parent run). */
final class PrefixTracker implements Tracker {

    private final Tracker inner;
    private final String prefix;

    PrefixTracker(Tracker inner, String prefix) {
        this.inner = inner;
        this.prefix = prefix;
    }

    @Override
    public void scalar(String key, long step, double value) {
        inner.scalar(prefix + key, step, value);
    }

    @Override
    public void artifact(ArtifactKind kind, Path file, Long step, Integer captionIndex) {
        inner.artifact(kind, file, step, captionIndex);
    }

    @Override
    public void heartbeat() {
        inner.heartbeat();
    }

    @Override
    public void flush() {
        inner.flush();
    }

    @Override
    public void close() {
        // the parent run owns the inner tracker
    }
}
