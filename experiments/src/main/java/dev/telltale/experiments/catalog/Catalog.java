package dev.telltale.experiments.catalog;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The experiments Telltale can run, read from the JSON resources under {@code catalog/}:
 * {@code models.json} (models and their parameters; parameters shared by several models are declared
 * once under {@code sharedParameters} and a model's entry may override any of their fields),
 * {@code datasets.json}, and {@code presets/<model>/<preset>.json} for every preset a model lists.
 * The files are checked when loaded (defaults inside bounds, presets valid), so a broken catalog
 * fails at start-up, not at a user's first run.
 */
public final class Catalog {

    public static final String RESOURCE_ROOT = "catalog/";

    private final Map<String, ModelSpec> models;
    private final Map<String, DatasetSpec> datasets;
    private final Map<String, Map<String, PresetSpec>> presets;

    private Catalog(Map<String, ModelSpec> models, Map<String, DatasetSpec> datasets, Map<String, Map<String, PresetSpec>> presets) {
        this.models = models;
        this.datasets = datasets;
        this.presets = presets;
    }

    /** The catalog shipped on the classpath. */
    public static Catalog load() {
        ClassLoader loader = Catalog.class.getClassLoader();
        return read(name -> {
            try (InputStream in = loader.getResourceAsStream(RESOURCE_ROOT + name)) {
                return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the catalog resource " + RESOURCE_ROOT + name, e);
            }
        });
    }

    public List<ModelSpec> models() {
        return List.copyOf(models.values());
    }

    public Optional<ModelSpec> model(String id) {
        return Optional.ofNullable(models.get(id));
    }

    public List<DatasetSpec> datasets() {
        return List.copyOf(datasets.values());
    }

    public Optional<DatasetSpec> dataset(String id) {
        return Optional.ofNullable(datasets.get(id));
    }

    /** The preset ids of a model, in catalog order; empty for an unknown model. */
    public List<String> presets(String modelId) {
        return List.copyOf(presets.getOrDefault(modelId, Map.of()).keySet());
    }

    public Optional<PresetSpec> preset(String modelId, String presetId) {
        return Optional.ofNullable(presets.getOrDefault(modelId, Map.of()).get(presetId));
    }

    /**
     * Checks and completes an experiment: every parameter of the model, from its default, replaced by
     * the preset's value (if a preset is given), replaced by the override (if given and not null).
     * Override values may be numbers, booleans or text ({@code "64"}).
     *
     * @param preset null or blank for the model's defaults
     * @param overrides null for none
     * @throws InvalidSpecException naming every field that is wrong
     */
    public ResolvedSpec resolve(String model, String dataset, String preset, Map<String, ?> overrides) {
        List<FieldError> errors = new ArrayList<>();
        ModelSpec modelSpec = null;
        if (model == null || model.isBlank()) {
            errors.add(new FieldError("model", "a model is required; one of " + models.keySet()));
        } else if ((modelSpec = models.get(model)) == null) {
            errors.add(new FieldError("model", "unknown model '" + model + "'; one of " + models.keySet()));
        }
        DatasetSpec datasetSpec = null;
        if (dataset == null || dataset.isBlank()) {
            errors.add(new FieldError("dataset", "a dataset is required; one of "
                    + (modelSpec != null ? modelSpec.datasets() : datasets.keySet())));
        } else if ((datasetSpec = datasets.get(dataset)) == null) {
            errors.add(new FieldError("dataset", "unknown dataset '" + dataset + "'; one of " + datasets.keySet()));
        } else if (modelSpec != null && !modelSpec.accepts(dataset)) {
            errors.add(new FieldError("dataset", "model " + model + " does not train on dataset '" + dataset + "'; it takes "
                    + modelSpec.datasets()));
        }
        PresetSpec presetSpec = null;
        String presetId = preset == null || preset.isBlank() ? null : preset;
        if (presetId != null && modelSpec != null && (presetSpec = presets.get(model).get(presetId)) == null) {
            errors.add(new FieldError("preset", "unknown preset '" + presetId + "' of model " + model + "; one of "
                    + presets(model)));
        }
        if (modelSpec == null) {
            throw new InvalidSpecException(errors);
        }

        Map<String, Object> values = new LinkedHashMap<>();
        for (ParameterSpec p : modelSpec.parameters()) {
            values.put(p.name(), p.defaultValue());
        }
        if (presetSpec != null) {
            values.putAll(presetSpec.parameters());
        }
        if (overrides != null) {
            for (Map.Entry<String, ?> entry : overrides.entrySet()) {
                String field = "parameters." + entry.getKey();
                Optional<ParameterSpec> p = modelSpec.parameter(entry.getKey());
                if (p.isEmpty()) {
                    errors.add(new FieldError(field, "model " + model + " has no parameter '" + entry.getKey() + "'"));
                } else if (entry.getValue() != null) {
                    try {
                        values.put(entry.getKey(), p.get().convert(entry.getValue()));
                    } catch (IllegalArgumentException e) {
                        errors.add(new FieldError(field, e.getMessage()));
                    }
                }
            }
        }
        for (ParameterSpec p : modelSpec.parameters()) {
            if (p.required() && p.isMissing(values.get(p.name()))) {
                errors.add(new FieldError("parameters." + p.name(), "required: " + p.help()));
            }
            if (p.type() == ParameterType.STRING && values.get(p.name()) == null) {
                values.put(p.name(), "");
            }
        }
        if (errors.isEmpty()) {
            checkTogether(modelSpec.id(), values, errors);
        }
        if (!errors.isEmpty()) {
            throw new InvalidSpecException(errors);
        }
        return new ResolvedSpec(modelSpec, datasetSpec, presetId, values);
    }

    /** Resolves a spec written by {@link ResolvedSpec#toJson()} (or the same shape from a client). */
    public ResolvedSpec resolveJson(String specJson) {
        JsonObject json;
        try {
            json = JsonParser.parseString(specJson).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new InvalidSpecException(List.of(new FieldError("spec", "not a JSON object: " + e.getMessage())));
        }
        Map<String, Object> overrides = new LinkedHashMap<>();
        JsonElement parameters = json.get("parameters");
        if (parameters != null && parameters.isJsonObject()) {
            parameters.getAsJsonObject().entrySet().forEach(e -> overrides.put(e.getKey(), CatalogJson.value(e.getValue())));
        } else if (parameters != null && !parameters.isJsonNull()) {
            throw new InvalidSpecException(List.of(new FieldError("parameters", "must be an object of parameter values")));
        }
        return resolve(text(json, "model"), text(json, "dataset"), text(json, "preset"), overrides);
    }

    private static String text(JsonObject json, String name) {
        Object value = CatalogJson.value(json.get(name));
        return value == null ? null : value.toString();
    }

    /** The whole catalog for the server: {@code {"models":[..],"datasets":[..],"presets":{model:[..]}}}. */
    public String toJson() {
        JsonObject json = new JsonObject();
        JsonArray modelArray = new JsonArray();
        models.values().forEach(m -> modelArray.add(CatalogJson.model(m)));
        json.add("models", modelArray);
        JsonArray datasetArray = new JsonArray();
        datasets.values().forEach(d -> datasetArray.add(CatalogJson.dataset(d)));
        json.add("datasets", datasetArray);
        JsonObject presetObject = new JsonObject();
        presets.forEach((model, byId) -> {
            JsonArray array = new JsonArray();
            byId.values().forEach(p -> array.add(CatalogJson.preset(p)));
            presetObject.add(model, array);
        });
        json.add("presets", presetObject);
        return CatalogJson.GSON.toJson(json);
    }

    // ---- reading and checking the files ----

    /**
     * Reads a catalog through {@code resources} (a name relative to the catalog root, such as
     * {@code presets/x/y.json}, to its text, or null when there is no such file).
     *
     * @throws IllegalStateException listing every problem of the files
     */
    static Catalog read(Function<String, String> resources) {
        List<String> problems = new ArrayList<>();
        Map<String, DatasetSpec> datasets = new LinkedHashMap<>();
        JsonObject datasetsJson = parse(resources, "datasets.json");
        for (JsonElement element : array(datasetsJson, "datasets", "datasets.json")) {
            JsonObject d = element.getAsJsonObject();
            String where = "datasets.json: dataset " + d.get("id");
            try {
                DatasetSpec spec = new DatasetSpec(string(d, "id"), string(d, "title"),
                        DatasetSpec.Kind.valueOf(string(d, "kind").toUpperCase(java.util.Locale.ROOT)),
                        d.has("builtIn") && d.get("builtIn").getAsBoolean(), string(d, "help"));
                if (datasets.put(spec.id(), spec) != null) {
                    problems.add(where + " is declared twice");
                }
            } catch (RuntimeException e) {
                problems.add(where + ": " + e.getMessage());
            }
        }

        JsonObject modelsJson = parse(resources, "models.json");
        JsonObject shared = modelsJson.has("sharedParameters") ? modelsJson.getAsJsonObject("sharedParameters") : new JsonObject();
        Map<String, ModelSpec> models = new LinkedHashMap<>();
        Map<String, Map<String, PresetSpec>> presets = new LinkedHashMap<>();
        for (JsonElement element : array(modelsJson, "models", "models.json")) {
            JsonObject m = element.getAsJsonObject();
            String where = "models.json: model " + m.get("id");
            ModelSpec model;
            try {
                List<ParameterSpec> parameters = new ArrayList<>();
                for (JsonElement p : m.getAsJsonArray("parameters")) {
                    JsonObject declared = p.getAsJsonObject();
                    String name = string(declared, "name");
                    JsonObject merged = shared.has(name) ? shared.getAsJsonObject(name).deepCopy() : new JsonObject();
                    declared.entrySet().forEach(e -> merged.add(e.getKey(), e.getValue()));
                    try {
                        ParameterSpec spec = parameter(merged);
                        if (parameters.stream().anyMatch(q -> q.name().equals(name))) {
                            problems.add(where + ": parameter " + name + " is declared twice");
                        }
                        parameters.add(spec);
                    } catch (RuntimeException e) {
                        problems.add(where + ": parameter " + name + ": " + e.getMessage());
                    }
                }
                model = new ModelSpec(string(m, "id"), string(m, "title"),
                        ModelSpec.Kind.valueOf(string(m, "kind").toUpperCase(java.util.Locale.ROOT)), string(m, "help"),
                        strings(m, "datasets"), strings(m, "presets"), parameters);
            } catch (RuntimeException e) {
                problems.add(where + ": " + e.getMessage());
                continue;
            }
            if (models.put(model.id(), model) != null) {
                problems.add(where + " is declared twice");
            }
            for (String dataset : model.datasets()) {
                if (!datasets.containsKey(dataset)) {
                    problems.add(where + " takes dataset '" + dataset + "', which datasets.json does not declare");
                }
            }
            Map<String, PresetSpec> modelPresets = new LinkedHashMap<>();
            for (String presetId : model.presets()) {
                String file = "presets/" + model.id() + "/" + presetId + ".json";
                String text = resources.apply(file);
                if (text == null) {
                    problems.add(where + " lists preset '" + presetId + "' but there is no " + RESOURCE_ROOT + file);
                    continue;
                }
                try {
                    modelPresets.put(presetId, preset(model, presetId, JsonParser.parseString(text).getAsJsonObject(), file, problems));
                } catch (RuntimeException e) {
                    problems.add(file + ": " + e.getMessage());
                }
            }
            presets.put(model.id(), Collections.unmodifiableMap(modelPresets));
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the experiment catalog is broken:\n  " + String.join("\n  ", problems));
        }
        return new Catalog(Collections.unmodifiableMap(models), Collections.unmodifiableMap(datasets), Collections.unmodifiableMap(presets));
    }

    private static ParameterSpec parameter(JsonObject p) {
        ParameterType type = ParameterType.fromJsonName(string(p, "type"));
        boolean required = p.has("required") && p.get("required").getAsBoolean();
        ParameterSpec unchecked = new ParameterSpec(string(p, "name"), type, null,
                p.has("min") ? p.get("min").getAsDouble() : null,
                p.has("max") ? p.get("max").getAsDouble() : null,
                p.has("multipleOf") ? p.get("multipleOf").getAsInt() : null,
                p.has("choices") ? strings(p, "choices") : List.of(),
                required, string(p, "help"));
        if (type == ParameterType.CHOICE && unchecked.choices().isEmpty()) {
            throw new IllegalArgumentException("a choice needs choices");
        }
        if (unchecked.min() != null && unchecked.max() != null && unchecked.min() > unchecked.max()) {
            throw new IllegalArgumentException("min " + unchecked.min() + " > max " + unchecked.max());
        }
        Object defaultValue = CatalogJson.value(p.get("default"));
        if (defaultValue == null && !required) {
            throw new IllegalArgumentException("needs a default (or \"required\": true)");
        }
        Object checked;
        try {
            checked = defaultValue == null ? null : unchecked.convert(defaultValue);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("default " + e.getMessage());
        }
        return new ParameterSpec(unchecked.name(), type, checked, unchecked.min(), unchecked.max(), unchecked.multipleOf(),
                unchecked.choices(), required, unchecked.help());
    }

    private static PresetSpec preset(ModelSpec model, String id, JsonObject json, String file, List<String> problems) {
        Map<String, Object> values = new LinkedHashMap<>();
        JsonObject parameters = json.has("parameters") ? json.getAsJsonObject("parameters") : new JsonObject();
        for (Map.Entry<String, JsonElement> e : parameters.entrySet()) {
            Optional<ParameterSpec> p = model.parameter(e.getKey());
            if (p.isEmpty()) {
                problems.add(file + ": model " + model.id() + " has no parameter '" + e.getKey() + "'");
                continue;
            }
            try {
                values.put(e.getKey(), p.get().convert(CatalogJson.value(e.getValue())));
            } catch (IllegalArgumentException ex) {
                problems.add(file + ": " + e.getKey() + " " + ex.getMessage());
            }
        }
        return new PresetSpec(model.id(), id, json.has("help") ? json.get("help").getAsString() : "", values);
    }

    private static JsonObject parse(Function<String, String> resources, String name) {
        String text = resources.apply(name);
        if (text == null) {
            throw new IllegalStateException("the experiment catalog has no " + RESOURCE_ROOT + name);
        }
        try {
            return JsonParser.parseString(text).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new IllegalStateException(RESOURCE_ROOT + name + " is not a JSON object: " + e.getMessage(), e);
        }
    }

    private static JsonArray array(JsonObject json, String name, String file) {
        if (!json.has(name) || !json.get(name).isJsonArray()) {
            throw new IllegalStateException(RESOURCE_ROOT + file + " needs an array '" + name + "'");
        }
        return json.getAsJsonArray(name);
    }

    private static String string(JsonObject json, String name) {
        JsonElement element = json.get(name);
        if (element == null || element.isJsonNull() || element.getAsString().isBlank()) {
            throw new IllegalArgumentException("needs '" + name + "'");
        }
        return element.getAsString();
    }

    private static List<String> strings(JsonObject json, String name) {
        List<String> values = new ArrayList<>();
        if (json.has(name)) {
            json.getAsJsonArray(name).forEach(e -> values.add(e.getAsString()));
        }
        return values;
    }

    /**
     * What one parameter's bounds cannot say: values that only make sense beside another's, so a
     * launch gets its 400 (or the CLI its message) instead of a worker that fails or never trains G.
     */
    /**
     * Values each within its bounds that the networks still cannot be built from: caught here, at
     * launch, rather than after minutes of text-encoder and judge training.
     */
    private static void checkTogether(String model, Map<String, Object> values, List<FieldError> errors) {
        if (values.get("imageSize") instanceof Number size) {
            int v = size.intValue();
            if (v % 4 != 0 || Integer.bitCount(v / 4) != 1) {
                errors.add(new FieldError("parameters.imageSize", "imageSize must be 4 times a power of two (16, 32, 64, 128, 256, ...), got " + v));
            }
        }
        if (values.get("levels") instanceof Number levels) {
            int cell = 1 << Math.min(30, levels.intValue());
            for (String name : List.of("frames", "frameSize")) {
                if (values.get(name) instanceof Number n && (n.intValue() < cell || n.intValue() % cell != 0)) {
                    errors.add(new FieldError("parameters." + name, name + " must be a positive multiple of 2^levels = " + cell
                            + " (the generator doubles it levels times from whole cells), got " + n));
                }
            }
        }
        if ("stackgan-stage2".equals(model) && values.get("gfDim") instanceof Number gf && gf.intValue() % 4 != 0) {
            errors.add(new FieldError("parameters.gfDim", "Stage-II's gfDim must be a multiple of 4, got " + gf));
        }
        if (values.get("sentenceWarmup") instanceof Number w && w.longValue() > 0) {
            if (!(values.get("contrastiveWeight") instanceof Number c) || c.doubleValue() <= 0) {
                errors.add(new FieldError("parameters.sentenceWarmup",
                        "sentenceWarmup needs contrastiveWeight > 0: the warm-up trains the sentence encoder on that loss"));
            }
            if (values.get("steps") instanceof Number steps && w.longValue() >= steps.longValue()) {
                errors.add(new FieldError("parameters.sentenceWarmup", "sentenceWarmup (" + w + ") must be below steps ("
                        + steps + "): the generator trains only after the warm-up"));
            }
        }
    }
}
