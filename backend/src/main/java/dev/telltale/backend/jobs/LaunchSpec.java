package dev.telltale.backend.jobs;

import io.vertx.core.json.JsonObject;

/** The spec the server stores for a launched run and hands its worker: {model, dataset, preset, params, evaluate, codeVersion}. */
public final class LaunchSpec {

    private LaunchSpec() {}

    public static String of(String model, String dataset, String preset, java.util.Map<String, Object> params, boolean evaluate,
            String codeVersion) {
        return new JsonObject()
                .put("model", model)
                .put("dataset", dataset)
                .put("preset", preset)
                .put("params", new JsonObject(new java.util.LinkedHashMap<>(params)))
                .put("evaluate", evaluate)
                .put("codeVersion", codeVersion)
                .encodePrettily();
    }

    public static boolean evaluate(String specJson) {
        return specJson == null || new JsonObject(specJson).getBoolean("evaluate", true);
    }
}
