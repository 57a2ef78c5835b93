package dev.telltale.backend.store;

/** A series' name, its point count, and its point of highest step. */
public record KeySummary(String key, long count, Long lastStep, Double lastValue, Long lastTime) {}
