package dev.telltale.experiments.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A named set of parameter values of one model (paper, cpu, tiny), applied over the model's defaults. */
public record PresetSpec(String model, String id, String help, Map<String, Object> parameters) {

    public PresetSpec {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }
}
