package dev.telltale.experiments.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.telltale.experiments.catalog.Catalog;
import dev.telltale.experiments.data.CaptionedShapes;
import dev.telltale.experiments.data.Split;
import dev.telltale.experiments.track.ForwardingTracker;
import dev.telltale.experiments.track.LocalTracker;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** checkpointEvery of the text encoder: its one checkpoint file is kept current while it trains. */
class TextEncoderCheckpointTest {

    @TempDir
    Path dir;

    @Test
    void aRunKilledMidwayLeavesItsLatestEncoder() throws Exception {
        ParamMap p = new ParamMap(Catalog.load().resolve("text-encoder", "shapes", "tiny",
                Map.of("steps", 6, "checkpointEvery", 2, "evalEvery", 0)).parameters());
        // a tracker whose process "dies" when the fifth step reports
        ForwardingTracker dying = new ForwardingTracker(new LocalTracker(dir.resolve("track"))) {
            @Override
            public void scalar(String key, long step, double value) {
                if (step == 5) {
                    throw new IllegalStateException("killed");
                }
                inner.scalar(key, step, value);
            }
        };
        assertThrows(IllegalStateException.class, () -> TextEncoderTraining.train(CaptionedShapes.create(1, Split.TRAIN, 48),
                CaptionedShapes.create(1, Split.TEST, 12), p, dying, dir));
        assertEquals(4, Checkpoint.read(dir.resolve("checkpoints/text-encoder.zip")).step(), "the step-4 encoder is on disk");
    }
}
