package dev.telltale.backend.store;

import java.util.List;

/** What a client asks for when it creates a run. */
public record NewRun(
        String name, String model, String dataset, String preset, String paramsJson, Long seed, List<String> tags,
        String notes, boolean external, String deviceKind, int priority, String specJson) {

    /** A tracking-only run: the client runs it and reports; the scheduler never launches it. */
    public NewRun(String name, String model, String dataset, String preset, String paramsJson, Long seed, List<String> tags,
            String notes) {
        this(name, model, dataset, preset, paramsJson, seed, tags, notes, true, "cpu", 0, null);
    }
}
