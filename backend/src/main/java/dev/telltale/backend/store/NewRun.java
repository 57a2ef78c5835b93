package dev.telltale.backend.store;

import java.util.List;

/** What a client asks for when it creates a run. */
public record NewRun(
        String name, String model, String dataset, String preset, String paramsJson, Long seed, List<String> tags,
        String notes) {}
