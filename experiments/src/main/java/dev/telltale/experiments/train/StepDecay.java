package dev.telltale.experiments.train;

import ai.djl.training.tracker.Tracker;

/**
 * StackGAN's schedule: the learning rate is halved every {@code decaySteps} steps. DJL counts
 * updates from zero in every optimizer, so a resumed run passes the step it resumes from and the
 * schedule continues instead of restarting.
 */
public final class StepDecay implements Tracker {

    private final float base;
    private final int decaySteps;
    private final long startStep;

    public StepDecay(float base, int decaySteps, long startStep) {
        if (decaySteps <= 0) {
            throw new IllegalArgumentException("lrDecaySteps must be positive, got " + decaySteps);
        }
        this.base = base;
        this.decaySteps = decaySteps;
        this.startStep = startStep;
    }

    /** The rate in force at (0-based) training step {@code step}. */
    public float at(long step) {
        return (float) (base * Math.pow(0.5, step / decaySteps));
    }

    /**
     * A negative {@code startStep} counts updates made before step 0 (a discriminator's warm-up): they
     * run at the base rate and leave the schedule of the training steps as it would be without them.
     */
    @Override
    public float getNewValue(int numUpdate) {
        return at(Math.max(0, startStep + Math.max(0, numUpdate - 1)));
    }
}
