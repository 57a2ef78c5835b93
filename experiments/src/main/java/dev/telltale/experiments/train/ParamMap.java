package dev.telltale.experiments.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A run's resolved parameters (preset ← overrides, already type-checked by the catalog) with typed
 * reads. A missing parameter is a programming error in the catalog, hence an exception naming it.
 */
public final class ParamMap {

    private final Map<String, Object> values;

    public ParamMap(Map<String, ?> values) {
        this.values = new LinkedHashMap<>(values);
    }

    public Map<String, Object> asMap() {
        return new LinkedHashMap<>(values);
    }

    private Object require(String name) {
        Object v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("parameter '" + name + "' is missing");
        }
        return v;
    }

    public int getInt(String name) {
        Object v = require(name);
        if (v instanceof Number n) {
            return n.intValue();
        }
        return Integer.parseInt(v.toString());
    }

    public long getLong(String name) {
        Object v = require(name);
        if (v instanceof Number n) {
            return n.longValue();
        }
        return Long.parseLong(v.toString());
    }

    public float getFloat(String name) {
        Object v = require(name);
        if (v instanceof Number n) {
            return n.floatValue();
        }
        return Float.parseFloat(v.toString());
    }

    public boolean getBoolean(String name) {
        Object v = require(name);
        return v instanceof Boolean b ? b : Boolean.parseBoolean(v.toString());
    }

    public String getString(String name, String fallback) {
        Object v = values.get(name);
        return v == null || v.toString().isEmpty() ? fallback : v.toString();
    }

    public int getInt(String name, int fallback) {
        return values.containsKey(name) ? getInt(name) : fallback;
    }

    public float getFloat(String name, float fallback) {
        return values.containsKey(name) ? getFloat(name) : fallback;
    }

    public ParamMap with(String name, Object value) {
        Map<String, Object> copy = asMap();
        copy.put(name, value);
        return new ParamMap(copy);
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
