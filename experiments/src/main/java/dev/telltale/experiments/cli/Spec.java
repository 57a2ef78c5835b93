package dev.telltale.experiments.cli;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** A run's spec as the server writes it for a worker: {"model", "dataset", "preset", "params": {...}}. */
record Spec(String model, String dataset, String preset, Map<String, Object> params) {

    static Spec read(Path file) {
        try {
            JsonObject o = new Gson().fromJson(Files.readString(file, StandardCharsets.UTF_8), JsonObject.class);
            Map<String, Object> params = new LinkedHashMap<>();
            if (o.has("params")) {
                o.getAsJsonObject("params").entrySet().forEach(e -> {
                    var v = e.getValue();
                    if (v.isJsonPrimitive()) {
                        var prim = v.getAsJsonPrimitive();
                        params.put(e.getKey(), prim.isNumber() ? prim.getAsNumber() : prim.isBoolean() ? prim.getAsBoolean() : prim.getAsString());
                    }
                });
            }
            return new Spec(o.get("model").getAsString(), o.get("dataset").getAsString(),
                    o.has("preset") && !o.get("preset").isJsonNull() ? o.get("preset").getAsString() : "cpu", params);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the spec " + file, e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("spec: " + file + " is not a run spec (" + e.getMessage() + ")");
        }
    }
}
