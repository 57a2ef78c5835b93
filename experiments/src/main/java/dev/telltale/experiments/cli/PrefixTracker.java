package dev.telltale.experiments.cli;

import dev.telltale.experiments.track.ForwardingTracker;
import dev.telltale.experiments.track.Tracker;

/** Logs into another tracker under a key prefix (a sub-run's metrics inside its parent run). */
final class PrefixTracker extends ForwardingTracker {

    private final String prefix;

    PrefixTracker(Tracker inner, String prefix) {
        super(inner);
        this.prefix = prefix;
    }

    @Override
    public void scalar(String key, long step, double value) {
        inner.scalar(prefix + key, step, value);
    }

    @Override
    public void close() {
        // the parent run owns the inner tracker
    }
}
