package dev.telltale.backend.store;

import java.util.EnumSet;
import java.util.Set;

/** The run lifecycle: QUEUED → RUNNING → FINISHED | FAILED | CANCELLED. */
public enum RunStatus {
    QUEUED, RUNNING, FINISHED, FAILED, CANCELLED;

    public boolean isTerminal() {
        return this == FINISHED || this == FAILED || this == CANCELLED;
    }

    /** The statuses a run may move to from this one. Terminal runs come back only through resume. */
    public Set<RunStatus> next() {
        return switch (this) {
            case QUEUED -> EnumSet.of(RUNNING, FAILED, CANCELLED);
            case RUNNING -> EnumSet.of(FINISHED, FAILED, CANCELLED);
            case FINISHED, FAILED, CANCELLED -> EnumSet.noneOf(RunStatus.class);
        };
    }
}
