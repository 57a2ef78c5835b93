package dev.telltale.backend.store;

/**
 * Filter, sort and page of a run listing. {@code sort} is a field name with an optional leading
 * '-' for descending; null fields do not filter.
 */
public record RunQuery(
        RunStatus status, String model, String dataset, String tag, String text, String sort, int limit, int offset) {}
