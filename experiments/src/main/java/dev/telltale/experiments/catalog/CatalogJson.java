package dev.telltale.experiments.catalog;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.Map;

/** Gson on both sides of the catalog: reading its files into values and writing specs for the server. */
final class CatalogJson {

    static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    private CatalogJson() {
    }

    /** A JSON value as the Java value ParameterSpec.convert takes (Number, Boolean, String); null for null. */
    static Object value(JsonElement element) {
        if (element == null || element.isJsonNull()) {
            return null;
        }
        if (!element.isJsonPrimitive()) {
            return element.toString(); // convert() then names it as the wrong type
        }
        JsonPrimitive p = element.getAsJsonPrimitive();
        if (p.isBoolean()) {
            return p.getAsBoolean();
        }
        if (p.isNumber()) {
            return p.getAsNumber();
        }
        return p.getAsString();
    }

    static JsonElement json(Object value) {
        if (value == null) {
            return com.google.gson.JsonNull.INSTANCE;
        }
        if (value instanceof Number n) {
            return new JsonPrimitive(n);
        }
        if (value instanceof Boolean b) {
            return new JsonPrimitive(b);
        }
        return new JsonPrimitive(value.toString());
    }

    static JsonObject parameter(ParameterSpec p) {
        JsonObject json = new JsonObject();
        json.addProperty("name", p.name());
        json.addProperty("type", p.type().jsonName());
        json.add("default", json(p.defaultValue()));
        if (p.min() != null) {
            json.add("min", number(p.type(), p.min()));
        }
        if (p.max() != null) {
            json.add("max", number(p.type(), p.max()));
        }
        if (p.multipleOf() != null) {
            json.addProperty("multipleOf", p.multipleOf());
        }
        if (!p.choices().isEmpty()) {
            JsonArray choices = new JsonArray();
            p.choices().forEach(choices::add);
            json.add("choices", choices);
        }
        json.addProperty("required", p.required());
        json.addProperty("help", p.help());
        return json;
    }

    private static JsonPrimitive number(ParameterType type, double d) {
        return type == ParameterType.INT ? new JsonPrimitive((long) d) : new JsonPrimitive(d);
    }

    static JsonObject model(ModelSpec m) {
        JsonObject json = new JsonObject();
        json.addProperty("id", m.id());
        json.addProperty("title", m.title());
        json.addProperty("kind", m.kind().jsonName());
        json.addProperty("help", m.help());
        json.add("datasets", strings(m.datasets()));
        json.add("presets", strings(m.presets()));
        JsonArray parameters = new JsonArray();
        m.parameters().forEach(p -> parameters.add(parameter(p)));
        json.add("parameters", parameters);
        return json;
    }

    static JsonObject dataset(DatasetSpec d) {
        JsonObject json = new JsonObject();
        json.addProperty("id", d.id());
        json.addProperty("title", d.title());
        json.addProperty("kind", d.kind().jsonName());
        json.addProperty("builtIn", d.builtIn());
        json.addProperty("help", d.help());
        return json;
    }

    static JsonObject preset(PresetSpec p) {
        JsonObject json = new JsonObject();
        json.addProperty("id", p.id());
        json.addProperty("help", p.help());
        json.add("parameters", values(p.parameters()));
        return json;
    }

    static JsonObject resolved(ResolvedSpec r) {
        JsonObject json = new JsonObject();
        json.addProperty("model", r.model().id());
        json.addProperty("dataset", r.dataset().id());
        json.add("preset", json(r.preset()));
        json.add("parameters", values(r.parameters()));
        return json;
    }

    static JsonObject values(Map<String, Object> values) {
        JsonObject json = new JsonObject();
        values.forEach((k, v) -> json.add(k, json(v)));
        return json;
    }

    private static JsonArray strings(Iterable<String> values) {
        JsonArray array = new JsonArray();
        values.forEach(array::add);
        return array;
    }
}
