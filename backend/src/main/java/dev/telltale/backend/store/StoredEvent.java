package dev.telltale.backend.store;

/**
 * Something the live stream carries, as committed: {@code seq} is its place in the server-wide
 * order (for a metric batch, the seq of its last point), {@code payload} the domain object.
 */
public record StoredEvent(long seq, long runId, Type type, Object payload) {

    /** What happened. */
    public enum Type {
        /** A run was created or edited; payload {@link RunView}. */
        RUN,
        /** A run changed status; payload {@link RunView}. */
        STATUS,
        /** A batch of metric points; payload {@link MetricBatch}. */
        METRICS,
        /** An artifact was registered; payload {@link ArtifactView}. */
        ARTIFACT
    }
}
