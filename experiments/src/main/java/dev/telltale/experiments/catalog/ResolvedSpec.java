package dev.telltale.experiments.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A checked experiment: model, dataset, preset (null when none) and the value of every parameter of
 * the model in its Java type (Integer, Double, Boolean, String), in the model's parameter order.
 */
public record ResolvedSpec(ModelSpec model, DatasetSpec dataset, String preset, Map<String, Object> parameters) {

    public ResolvedSpec {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    public int getInt(String name) {
        return (Integer) get(name, Integer.class);
    }

    public double getFloat(String name) {
        return (Double) get(name, Double.class);
    }

    public boolean getBool(String name) {
        return (Boolean) get(name, Boolean.class);
    }

    /** A string or choice parameter; an optional string not given is the empty string. */
    public String getString(String name) {
        return (String) get(name, String.class);
    }

    private Object get(String name, Class<?> type) {
        Object value = parameters.get(name);
        if (value == null) {
            throw new IllegalArgumentException("model " + model.id() + " has no parameter '" + name + "'");
        }
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException("parameter '" + name + "' of model " + model.id() + " is a "
                    + model.parameter(name).orElseThrow().type().jsonName() + ", not a " + type.getSimpleName());
        }
        return value;
    }

    /** {@code {"model":..,"dataset":..,"preset":..,"parameters":{..}}}; {@link Catalog#resolveJson} reads it back. */
    public String toJson() {
        return CatalogJson.GSON.toJson(CatalogJson.resolved(this));
    }
}
