package dev.telltale.experiments.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.experiments.catalog.Catalog;
import dev.telltale.experiments.train.ParamMap;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TGANs-C step benchmark on the tiny preset: it times real steps and counts FLOPs of the nets it trains. */
class TganStepBenchmarkTest {

    @TempDir
    Path dir;

    @Test
    void threeTinyStepsAreTimedAndCounted() throws Exception {
        TganStepBenchmark.Measurement m = TganStepBenchmark.measure("tganc-a", "sbmg", "tiny", 3, dir.resolve("run"));
        assertTrue(m.msPerStep() > 0 && Double.isFinite(m.msPerStep()), "the third step's time: " + m.msPerStep());
        assertEquals(m.msPerStep(), m.fastestMs(), 1e-9, "one timed step: its median is its fastest");
        assertEquals(4 * m.generatorFlops() + 12 * m.discriminatorFlops(), m.stepFlops(), 1e-6);
        assertEquals(3, m.presetSteps(), "the tiny preset's own step count");
        ParamMap p = new ParamMap(Catalog.load().resolve("tganc-a", "sbmg", "tiny", Map.of()).parameters());
        // the generator's count does not depend on the vocabulary; batch 2 of the hand count in ModelFlopsTest
        assertEquals(2, p.getInt("batchSize"));
        double[] a = TganStepBenchmark.forwardFlops("tganc-a", p, 30, 12);
        assertEquals(a[0], m.generatorFlops(), 1e-6);
        // D2 adds work to D; twice the batch, twice the work
        double[] c = TganStepBenchmark.forwardFlops("tganc-c", p, 30, 12);
        assertEquals(a[0], c[0], 1e-6);
        assertTrue(a[1] > c[1], "the motion discriminator costs FLOPs: " + a[1] + " vs " + c[1]);
        double[] doubled = TganStepBenchmark.forwardFlops("tganc-a", p.with("batchSize", 4), 30, 12);
        assertEquals(2 * a[0], doubled[0], 1e-6);
        assertEquals(2 * a[1], doubled[1], 1e-6);
    }
}
