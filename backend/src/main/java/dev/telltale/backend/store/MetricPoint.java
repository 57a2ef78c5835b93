package dev.telltale.backend.store;

/** One point of a series: {@code time} is epoch milliseconds. */
public record MetricPoint(String key, long step, double value, long time) {}
