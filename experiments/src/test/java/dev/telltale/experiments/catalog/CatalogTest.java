package dev.telltale.experiments.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class CatalogTest {

    private static final Catalog CATALOG = Catalog.load();

    private static Set<String> fields(InvalidSpecException e) {
        return e.errors().stream().map(FieldError::field).collect(Collectors.toSet());
    }

    @Test
    void theShippedCatalogHasTheModelsDatasetsAndPresets() {
        assertEquals(List.of("text-encoder", "stackgan-stage1", "stackgan-stage2", "tganc-c", "tganc-a"),
                CATALOG.models().stream().map(ModelSpec::id).collect(Collectors.toList()));
        assertEquals(List.of("shapes", "digits", "cub", "oxford102", "sbmg", "tbmg", "msvd"),
                CATALOG.datasets().stream().map(DatasetSpec::id).collect(Collectors.toList()));
        assertTrue(CATALOG.dataset("shapes").orElseThrow().builtIn());
        assertFalse(CATALOG.dataset("cub").orElseThrow().builtIn());
        for (ModelSpec model : CATALOG.models()) {
            assertEquals(List.of("paper", "cpu", "tiny"), CATALOG.presets(model.id()));
        }
        assertEquals(ModelSpec.Kind.ENCODER, CATALOG.model("text-encoder").orElseThrow().kind());
        assertEquals(ModelSpec.Kind.VIDEO, CATALOG.model("tganc-a").orElseThrow().kind());
        assertEquals(DatasetSpec.Kind.VIDEO, CATALOG.dataset("sbmg").orElseThrow().kind());
        assertTrue(CATALOG.model("tganc-a").orElseThrow().parameter("motionWeight").isPresent());
        assertTrue(CATALOG.model("tganc-c").orElseThrow().parameter("coherenceWeight").isPresent());
        assertTrue(CATALOG.model("tganc-c").orElseThrow().parameter("motionWeight").isEmpty(), "each variant has its own temporal term");
        assertTrue(CATALOG.presets("no-such-model").isEmpty());
    }

    @Test
    void presetsAndOverridesReplaceDefaultsInThatOrder() {
        ResolvedSpec defaults = CATALOG.resolve("stackgan-stage1", "shapes", null, null);
        assertEquals(128, defaults.getInt("gfDim"));
        assertEquals(100, defaults.getInt("zDim"));
        assertEquals(2e-4, defaults.getFloat("generatorLr"));
        assertNull(defaults.preset());

        ResolvedSpec cpu = CATALOG.resolve("stackgan-stage1", "shapes", "cpu", Map.of());
        assertEquals(24, cpu.getInt("gfDim"), "the preset replaces the default");
        assertEquals(100, cpu.getInt("zDim"), "what the preset does not set keeps its default");
        assertEquals("cpu", cpu.preset());

        ResolvedSpec overridden = CATALOG.resolve("stackgan-stage1", "shapes", "cpu",
                Map.of("gfDim", "40", "generatorLr", 0.001, "textEncoder", "run:12"));
        assertEquals(40, overridden.getInt("gfDim"), "the override replaces the preset, text converted");
        assertEquals(0.001, overridden.getFloat("generatorLr"));
        assertEquals(32, overridden.getInt("imageSize"), "the preset still applies elsewhere");
        assertEquals("run:12", overridden.getString("textEncoder"));
        assertEquals("", cpu.getString("textEncoder"));

        // a null override means "not given"
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("gfDim", null);
        assertEquals(24, CATALOG.resolve("stackgan-stage1", "shapes", "cpu", withNull).getInt("gfDim"));
        // every parameter is there, typed, in the model's order
        ModelSpec model = CATALOG.model("stackgan-stage1").orElseThrow();
        assertEquals(model.parameters().stream().map(ParameterSpec::name).collect(Collectors.toList()),
                List.copyOf(cpu.parameters().keySet()));
        assertTrue(cpu.parameters().get("steps") instanceof Integer);
        assertTrue(cpu.parameters().get("beta1") instanceof Double);
        assertThrows(IllegalArgumentException.class, () -> cpu.getFloat("steps"));
        assertThrows(IllegalArgumentException.class, () -> cpu.getInt("nope"));
    }

    @Test
    void aSentenceWarmUpWithoutItsLossOrLongerThanTheRunIsRefused() {
        InvalidSpecException noLoss = assertThrows(InvalidSpecException.class,
                () -> CATALOG.resolve("tganc-a", "sbmg", "tiny", Map.of("sentenceWarmup", 2)));
        assertEquals(Set.of("parameters.sentenceWarmup"), fields(noLoss));
        assertTrue(noLoss.getMessage().contains("needs contrastiveWeight > 0"), noLoss.getMessage());
        InvalidSpecException tooLong = assertThrows(InvalidSpecException.class,
                () -> CATALOG.resolve("tganc-c", "sbmg", "tiny", Map.of("sentenceWarmup", 20, "steps", 20, "contrastiveWeight", 1.0)));
        assertTrue(tooLong.getMessage().contains("sentenceWarmup (20) must be below steps (20)"), tooLong.getMessage());
        assertEquals(19, ((Number) CATALOG.resolve("tganc-c", "sbmg", "tiny",
                Map.of("sentenceWarmup", 19, "steps", 20, "contrastiveWeight", 1.0)).parameters().get("sentenceWarmup")).intValue());
    }

    @Test
    void sizesTheNetworksCannotBeBuiltFromAreRefusedAtLaunch() {
        // each within its own bounds, each a crash minutes into a run before
        assertEquals(Set.of("parameters.imageSize"), fields(assertThrows(InvalidSpecException.class,
                () -> CATALOG.resolve("stackgan-stage1", "shapes", "tiny", Map.of("imageSize", 48)))));
        assertEquals(Set.of("parameters.imageSize"), fields(assertThrows(InvalidSpecException.class,
                () -> CATALOG.resolve("text-encoder", "shapes", "tiny", Map.of("imageSize", 80)))));
        assertEquals(Set.of("parameters.frameSize"), fields(assertThrows(InvalidSpecException.class,
                () -> CATALOG.resolve("tganc-a", "sbmg", "cpu", Map.of("frameSize", 40)))));
        assertEquals(Set.of("parameters.frames", "parameters.frameSize"), fields(assertThrows(InvalidSpecException.class,
                () -> CATALOG.resolve("tganc-c", "sbmg", "paper", Map.of("levels", 5)))));
        assertEquals(Set.of("parameters.gfDim"), fields(assertThrows(InvalidSpecException.class,
                () -> CATALOG.resolve("stackgan-stage2", "shapes", "tiny", Map.of("gfDim", 6, "stage1", "run:1")))));
        // one image a batch leaves batch norm and the contrastive loss nothing to compare; FID needs two
        assertEquals(Set.of("parameters.batchSize", "parameters.evalSamples"), fields(assertThrows(InvalidSpecException.class,
                () -> CATALOG.resolve("stackgan-stage1", "shapes", "tiny", Map.of("batchSize", 1, "evalSamples", 1)))));
        CATALOG.resolve("stackgan-stage1", "shapes", "tiny", Map.of("imageSize", 128, "batchSize", 2, "evalSamples", 2));
        CATALOG.resolve("tganc-a", "sbmg", "cpu", Map.of("frameSize", 48, "frames", 32));
    }

    @Test
    void everyWrongFieldIsNamedAtOnce() {
        Map<String, Object> overrides = new LinkedHashMap<>();
        overrides.put("learningRate", 0.1); // unknown parameter
        overrides.put("steps", "many"); // wrong type
        overrides.put("batchSize", 2.5); // not whole
        overrides.put("klCoefficient", 1000.0); // above max
        overrides.put("beta1", -0.1); // below min
        overrides.put("imageSize", 200); // not a multiple of 64
        overrides.put("residualBlocks", true); // a boolean for an int
        overrides.put("generatorLr", Double.NaN); // not finite
        InvalidSpecException e = assertThrows(InvalidSpecException.class,
                () -> CATALOG.resolve("stackgan-stage2", "cub", "paper", overrides));
        assertEquals(Set.of("parameters.learningRate", "parameters.steps", "parameters.batchSize", "parameters.klCoefficient",
                "parameters.beta1", "parameters.imageSize", "parameters.residualBlocks", "parameters.generatorLr",
                "parameters.stage1"), fields(e));
        String stage1Message = e.errors().stream().filter(f -> f.field().equals("parameters.stage1")).findFirst().orElseThrow().message();
        assertTrue(stage1Message.startsWith("required"), stage1Message);
        assertTrue(e.getMessage().contains("parameters.klCoefficient: must be <= 100"), e.getMessage());

        InvalidSpecException blankRequired = assertThrows(InvalidSpecException.class,
                () -> CATALOG.resolve("stackgan-stage2", "cub", null, Map.of("stage1", "  ")));
        assertEquals(Set.of("parameters.stage1"), fields(blankRequired));

        InvalidSpecException unknowns = assertThrows(InvalidSpecException.class,
                () -> CATALOG.resolve("stackgan-stage3", "imagenet", "huge", Map.of("x", 1)));
        assertEquals(Set.of("model", "dataset"), fields(unknowns), "an unknown model's preset and parameters cannot be judged");

        InvalidSpecException preset = assertThrows(InvalidSpecException.class,
                () -> CATALOG.resolve("stackgan-stage1", "mnist", "huge", Map.of()));
        assertEquals(Set.of("dataset", "preset"), fields(preset));

        InvalidSpecException missing = assertThrows(InvalidSpecException.class, () -> CATALOG.resolve(null, " ", null, null));
        assertEquals(Set.of("model", "dataset"), fields(missing));
    }

    @Test
    void aDatasetTheModelDoesNotTakeAndBadChoicesAndBooleansAreNamed() {
        Catalog catalog = Catalog.read(SMALL::get);
        InvalidSpecException e = assertThrows(InvalidSpecException.class,
                () -> catalog.resolve("m", "clips", null, Map.of("mode", "fast", "flag", "yes")));
        assertEquals(Set.of("dataset", "parameters.mode", "parameters.flag"), fields(e));
        ResolvedSpec ok = catalog.resolve("m", "pics", "p", Map.of("mode", "b", "flag", "TRUE"));
        assertEquals("b", ok.getString("mode"));
        assertTrue(ok.getBool("flag"));
        assertEquals(3, ok.getInt("n"), "from the preset");
    }

    @Test
    void everyShippedPresetResolvesForEveryDatasetItsModelTakes() {
        for (ModelSpec model : CATALOG.models()) {
            Map<String, Object> required = new HashMap<>();
            model.parameters().stream().filter(ParameterSpec::required).forEach(p -> required.put(p.name(), "run:1"));
            for (String preset : CATALOG.presets(model.id())) {
                PresetSpec presetSpec = CATALOG.preset(model.id(), preset).orElseThrow();
                assertFalse(presetSpec.help().isBlank(), model.id() + "/" + preset + " says what it is for");
                for (String dataset : model.datasets()) {
                    ResolvedSpec spec = CATALOG.resolve(model.id(), dataset, preset, required);
                    presetSpec.parameters().forEach((name, value) -> assertEquals(value, spec.parameters().get(name), name));
                    if (!required.isEmpty()) {
                        InvalidSpecException e = assertThrows(InvalidSpecException.class,
                                () -> CATALOG.resolve(model.id(), dataset, preset, Map.of()));
                        assertEquals(required.keySet().stream().map(n -> "parameters." + n).collect(Collectors.toSet()), fields(e));
                    }
                }
            }
        }
    }

    @Test
    void boundsContainTheDefaults() {
        int checked = 0;
        for (ModelSpec model : CATALOG.models()) {
            for (ParameterSpec p : model.parameters()) {
                String where = model.id() + "." + p.name();
                assertFalse(p.help() == null || p.help().isBlank(), where + " has help");
                if (p.defaultValue() instanceof Number n) {
                    assertTrue(p.min() == null || p.min() <= n.doubleValue(), where);
                    assertTrue(p.max() == null || n.doubleValue() <= p.max(), where);
                    assertTrue(p.multipleOf() == null || n.intValue() % p.multipleOf() == 0, where);
                    checked++;
                }
                if (p.type() == ParameterType.CHOICE) {
                    assertTrue(p.choices().contains(p.defaultValue()), where);
                }
                assertTrue(p.required() || p.defaultValue() != null, where + " has a default or is required");
            }
        }
        assertTrue(checked > 40, "the numeric parameters were all seen: " + checked);
    }

    @Test
    void thePresetsOfOneNameFitTogetherAcrossThePipeline() {
        for (String preset : List.of("paper", "cpu", "tiny")) {
            ResolvedSpec encoder = CATALOG.resolve("text-encoder", "shapes", preset, null);
            ResolvedSpec stage1 = CATALOG.resolve("stackgan-stage1", "shapes", preset, null);
            ResolvedSpec stage2 = CATALOG.resolve("stackgan-stage2", "shapes", preset, Map.of("stage1", "run:1"));
            assertEquals(encoder.getInt("embeddingDim"), stage1.getInt("embeddingDim"), preset);
            assertEquals(stage1.getInt("embeddingDim"), stage2.getInt("embeddingDim"), preset);
            assertEquals(4 * stage1.getInt("imageSize"), stage2.getInt("imageSize"), preset + ": Stage-II is 4x Stage-I");
        }
        ResolvedSpec paper = CATALOG.resolve("stackgan-stage1", "cub", "paper", null);
        assertEquals(64, paper.getInt("imageSize"));
        assertEquals(128, paper.getInt("gfDim"));
        assertEquals(64, paper.getInt("dfDim"));
        assertEquals(64, paper.getInt("batchSize"));
        ResolvedSpec tiny = CATALOG.resolve("stackgan-stage1", "shapes", "tiny", null);
        assertEquals(16, tiny.getInt("imageSize"));
        assertEquals(8, tiny.getInt("gfDim"));
        assertTrue(tiny.getInt("steps") <= 5);
    }

    @Test
    void everyPresetFileIsListedByItsModel() throws URISyntaxException, java.io.IOException {
        Path root = Path.of(Catalog.class.getResource("/catalog/presets").toURI());
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
                String model = file.getParent().getFileName().toString();
                String preset = file.getFileName().toString().replaceFirst("\\.json$", "");
                assertTrue(CATALOG.preset(model, preset).isPresent(), "orphan preset file " + root.relativize(file));
            }
        }
    }

    @Test
    void specsRoundTripThroughJson() {
        ResolvedSpec spec = CATALOG.resolve("stackgan-stage2", "oxford102", "cpu", Map.of("stage1", "run:3", "klCoefficient", 1.5));
        ResolvedSpec again = CATALOG.resolveJson(spec.toJson());
        assertEquals(spec, again);
        JsonObject json = JsonParser.parseString(spec.toJson()).getAsJsonObject();
        assertEquals(128, json.getAsJsonObject("parameters").get("imageSize").getAsInt());
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> CATALOG.resolveJson("[1]"));
        assertEquals(Set.of("spec"), fields(e));

        JsonObject all = JsonParser.parseString(CATALOG.toJson()).getAsJsonObject();
        assertEquals(5, all.getAsJsonArray("models").size());
        assertEquals(7, all.getAsJsonArray("datasets").size());
        assertEquals(3, all.getAsJsonObject("presets").getAsJsonArray("stackgan-stage1").size());
        JsonObject stage2 = JsonParser.parseString(CATALOG.model("stackgan-stage2").orElseThrow().toJson()).getAsJsonObject();
        JsonObject stage1Param = stage2.getAsJsonArray("parameters").get(0).getAsJsonObject();
        assertEquals("stage1", stage1Param.get("name").getAsString());
        assertTrue(stage1Param.get("required").getAsBoolean());
    }

    @Test
    void aBrokenCatalogFailsAtLoadNamingEachProblem() {
        Map<String, String> broken = new HashMap<>(SMALL);
        broken.put("models.json", SMALL.get("models.json")
                .replace("\"default\": 2, \"min\": 1", "\"default\": 0, \"min\": 1")
                .replace("[\"pics\"]", "[\"pics\", \"sounds\"]")
                .replace("[\"p\"]", "[\"p\", \"q\"]"));
        broken.put("presets/m/p.json", "{\"help\": \"h\", \"parameters\": {\"n\": 3, \"width\": 4}}");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Catalog.read(broken::get));
        String message = e.getMessage();
        assertTrue(message.contains("parameter n: default must be >= 1"), message);
        assertTrue(message.contains("'sounds'"), message);
        assertTrue(message.contains("no catalog/presets/m/q.json"), message);
        assertTrue(message.contains("no parameter 'width'"), message);
    }

    private static final Map<String, String> SMALL = Map.of(
            "datasets.json", """
                    {"datasets": [
                      {"id": "pics", "title": "Pictures", "kind": "image", "builtIn": true, "help": "h"},
                      {"id": "clips", "title": "Clips", "kind": "video", "builtIn": false, "help": "h"}]}
                    """,
            "models.json", """
                    {"sharedParameters": {"n": {"type": "int", "default": 2, "min": 1, "max": 9, "help": "h"}},
                     "models": [{"id": "m", "title": "M", "kind": "image", "help": "h", "datasets": ["pics"], "presets": ["p"],
                       "parameters": [
                         {"name": "n"},
                         {"name": "mode", "type": "choice", "default": "a", "choices": ["a", "b"], "help": "h"},
                         {"name": "flag", "type": "bool", "default": false, "help": "h"}]}]}
                    """,
            "presets/m/p.json", "{\"help\": \"h\", \"parameters\": {\"n\": 3}}");
}
