package dev.telltale.experiments.catalog;

import java.util.Locale;

/** A dataset the catalog offers: built in (synthesised) or imported from the user's files. */
public record DatasetSpec(String id, String title, Kind kind, boolean builtIn, String help) {

    public enum Kind {
        IMAGE, VIDEO;

        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public String toJson() {
        return CatalogJson.GSON.toJson(CatalogJson.dataset(this));
    }
}
