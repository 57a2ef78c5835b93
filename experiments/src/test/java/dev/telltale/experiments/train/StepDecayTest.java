package dev.telltale.experiments.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StepDecayTest {

    @Test
    void halvesEveryDecayStepsAndAResumedRunContinues() {
        StepDecay fresh = new StepDecay(0.8f, 10, 0);
        // DJL counts updates from 1: update 1 is training step 0
        assertEquals(0.8f, fresh.getNewValue(1));
        assertEquals(0.8f, fresh.getNewValue(10));
        assertEquals(0.4f, fresh.getNewValue(11));
        assertEquals(0.2f, fresh.getNewValue(21));
        StepDecay resumed = new StepDecay(0.8f, 10, 15);
        for (int u = 1; u <= 30; u++) {
            assertEquals(fresh.getNewValue(15 + u), resumed.getNewValue(u), "update " + u);
        }
    }

    @Test
    void warmUpUpdatesRunAtTheBaseRateAndLeaveTheTrainingScheduleAlone() {
        int warmup = 25;
        StepDecay fresh = new StepDecay(0.8f, 10, 0);
        StepDecay warmed = new StepDecay(0.8f, 10, -warmup);
        for (int u = 1; u <= warmup; u++) {
            assertEquals(0.8f, warmed.getNewValue(u), "warm-up update " + u);
        }
        for (int u = 1; u <= 40; u++) {
            assertEquals(fresh.getNewValue(u), warmed.getNewValue(warmup + u), "training update " + u);
        }
    }

    @Test
    void aNonPositiveDecayIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new StepDecay(0.1f, 0, 0));
        assertEquals("lrDecaySteps must be positive, got 0", e.getMessage());
    }
}
