package dev.telltale.backend.store;

/**
 * A series as read: {@code count} points are stored in the asked step range, of which the arrays
 * hold all or, when {@code downsampled}, the min and max of each bucket.
 */
public record SeriesView(String key, int count, boolean downsampled, long[] steps, double[] values, long[] times) {}
