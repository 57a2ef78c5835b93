package dev.telltale.experiments.track;

/** One scalar of a run: {@code value} of {@code key} at training step {@code step}, logged at {@code time} (epoch ms). */
public record MetricPoint(String key, long step, double value, long time) {
}
