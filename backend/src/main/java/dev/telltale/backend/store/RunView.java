package dev.telltale.backend.store;

import java.time.OffsetDateTime;
import java.util.List;

/** A run as the API shows it; {@code paramsJson} is the stored JSON object text. */
public record RunView(
        long id,
        String name,
        String model,
        String dataset,
        String preset,
        String paramsJson,
        Long seed,
        List<String> tags,
        String notes,
        RunStatus status,
        String error,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        OffsetDateTime startedAt,
        OffsetDateTime finishedAt) {}
