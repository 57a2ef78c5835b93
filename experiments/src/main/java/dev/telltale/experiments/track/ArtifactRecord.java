package dev.telltale.experiments.track;

/**
 * A registered artifact: {@code path} relative to the run folder (with '/' separators), or absolute
 * where the file lies outside it (local tracking only). {@code step} and {@code captionIndex} may be null.
 */
public record ArtifactRecord(ArtifactKind kind, String path, Long step, Integer captionIndex, long time) {
}
