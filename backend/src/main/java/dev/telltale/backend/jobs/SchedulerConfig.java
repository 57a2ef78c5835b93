package dev.telltale.backend.jobs;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Device slots and worker settings. CPU slots default to 1 here (2 cores); a GPU slot per CUDA
 * device. Each worker JVM gets {@code workerHeap} and, on a CPU slot, an equal share of the cores.
 */
public record SchedulerConfig(int cpuSlots, int gpuSlots, String javaBinary, String classpath, String workerHeap,
        Duration cancelGrace) {

    public static SchedulerConfig defaults() {
        return new SchedulerConfig(1, 0,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                System.getProperty("java.class.path"), "4g", Duration.ofSeconds(75));
    }

    public SchedulerConfig withCpuSlots(int n) {
        return new SchedulerConfig(n, gpuSlots, javaBinary, classpath, workerHeap, cancelGrace);
    }

    public SchedulerConfig withGpuSlots(int n) {
        return new SchedulerConfig(cpuSlots, n, javaBinary, classpath, workerHeap, cancelGrace);
    }

    public SchedulerConfig withWorkerHeap(String heap) {
        return new SchedulerConfig(cpuSlots, gpuSlots, javaBinary, classpath, heap, cancelGrace);
    }

    public int threadsPerCpuSlot() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, cpuSlots));
    }
}
