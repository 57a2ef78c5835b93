package dev.telltale.experiments.catalog;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A model the catalog offers: what it is, which datasets it trains on, its presets and its parameters. */
public record ModelSpec(String id, String title, Kind kind, String help, List<String> datasets, List<String> presets,
        List<ParameterSpec> parameters) {

    public enum Kind {
        IMAGE, VIDEO, ENCODER;

        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ModelSpec {
        datasets = List.copyOf(datasets);
        presets = List.copyOf(presets);
        parameters = List.copyOf(parameters);
    }

    public Optional<ParameterSpec> parameter(String name) {
        return parameters.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public boolean accepts(String datasetId) {
        return datasets.contains(datasetId);
    }

    public String toJson() {
        return CatalogJson.GSON.toJson(CatalogJson.model(this));
    }
}
