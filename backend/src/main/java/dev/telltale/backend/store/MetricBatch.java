package dev.telltale.backend.store;

import java.util.List;

/** Points stored together; {@code firstSeq} is the seq of the first, and each next point has the next seq. */
public record MetricBatch(long runId, long firstSeq, List<MetricPoint> points) {
    public long lastSeq() {
        return firstSeq + points.size() - 1;
    }
}
