package dev.telltale.experiments.cli;

import dev.telltale.experiments.track.ArtifactKind;
import dev.telltale.experiments.track.ForwardingTracker;
import dev.telltale.experiments.track.Tracker;
import java.nio.file.Path;

/** Logs into another tracker under a key prefix (a sub-run's metrics inside its parent run). */
final class PrefixTracker extends ForwardingTracker {

    private final String prefix;

    PrefixTracker(Tracker inner, String prefix) {
        super(inner);
        this.prefix = prefix;
    }

    @Override
    public void scalar(String key, long step, double value) {
        inner.scalar(prefix + key, step, value);
    }

    /**
     * A sub-run's checkpoint (the text encoder trained first) is kept and listed, but not as one of
     * this run's checkpoints: resume, fine-tuning and Stage-II references take a run's newest
     * checkpoint, and retention prunes them, neither of which may pick the encoder.
     */
    @Override
    public void artifact(ArtifactKind kind, Path file, Long step, Integer captionIndex) {
        inner.artifact(kind == ArtifactKind.CHECKPOINT ? ArtifactKind.OTHER : kind, file, step, captionIndex);
    }

    @Override
    public void close() {
        // the parent run owns the inner tracker
    }
}
