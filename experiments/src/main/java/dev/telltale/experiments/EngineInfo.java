package dev.telltale.experiments;

import ai.djl.Device;
import ai.djl.engine.Engine;

/** What the deep-learning engine in this process is and which devices it can use. */
public record EngineInfo(String name, String version, int gpuCount, String defaultDevice) {

    /**
     * Loads the PyTorch engine (unpacking the bundled libtorch on first use; nothing is downloaded)
     * and reports it.
     */
    public static EngineInfo load() {
        Engine engine = Engine.getEngine("PyTorch");
        Device device = engine.defaultDevice();
        return new EngineInfo(engine.getEngineName(), engine.getVersion(), engine.getGpuCount(), device.toString());
    }
}
