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
        OffsetDateTime finishedAt,
        Execution execution) {

    /**
     * How a launched run executes (null fields for a tracking-only run): the device kind it asked
     * for, the slot it got, its attempt number, worker process, progress and last heartbeat.
     */
    public record Execution(
            boolean external, String deviceKind, String device, int priority, int attempt, Long workerPid, Long step,
            Long totalSteps, OffsetDateTime heartbeatAt, String specJson) {}
}
