package dev.telltale.experiments.catalog;

import java.util.Locale;

/** The type of a model parameter; its values are Integer, Double, Boolean, String and String. */
public enum ParameterType {
    INT, FLOAT, BOOL, STRING, CHOICE;

    /** The name the catalog files use: int, float, bool, string, choice. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static ParameterType fromJsonName(String name) {
        for (ParameterType type : values()) {
            if (type.jsonName().equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown parameter type '" + name + "' (int, float, bool, string, choice)");
    }
}
