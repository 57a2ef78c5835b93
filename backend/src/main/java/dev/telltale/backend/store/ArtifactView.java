package dev.telltale.backend.store;

import java.time.OffsetDateTime;

/** A registered file of a run; {@code path} is relative to the run's folder. */
public record ArtifactView(
        long id, long runId, String kind, Long step, Integer captionIndex, String path, long bytes, String sha256,
        String contentType, OffsetDateTime createdAt) {}
