package dev.telltale.experiments.track;

import java.nio.file.Path;

/** A tracker that passes everything on to another; subclasses change what they need. */
public abstract class ForwardingTracker implements Tracker {

    protected final Tracker inner;

    protected ForwardingTracker(Tracker inner) {
        this.inner = inner;
    }

    @Override
    public void scalar(String key, long step, double value) {
        inner.scalar(key, step, value);
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
    public void evaluation(long step, String metric, double mean, Double std, Integer n, String evaluator) {
        inner.evaluation(step, metric, mean, std, n, evaluator);
    }

    @Override
    public void flush() {
        inner.flush();
    }

    @Override
    public void close() {
        inner.close();
    }
}
