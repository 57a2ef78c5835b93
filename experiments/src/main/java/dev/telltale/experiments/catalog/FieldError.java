package dev.telltale.experiments.catalog;

/**
 * What is wrong with one field of an experiment spec. {@code field} is {@code model}, {@code dataset},
 * {@code preset} or {@code parameters.<name>}.
 */
public record FieldError(String field, String message) {
}
