package dev.telltale.experiments.train;

import ai.djl.Device;
import ai.djl.engine.Engine;

/** Which device a run trains on: the {@code device} parameter (cpu, gpu, gpu:N), else the engine's default. */
final class Devices {

    private Devices() {}

    static Device pick(ParamMap p) {
        String d = p.getString("device", "");
        if (d.isEmpty()) {
            return Engine.getEngine("PyTorch").defaultDevice();
        }
        Device device = Device.fromName(d);
        if (device.isGpu() && Engine.getEngine("PyTorch").getGpuCount() <= device.getDeviceId()) {
            throw new IllegalArgumentException("device '" + d + "' is not available: the engine sees "
                    + Engine.getEngine("PyTorch").getGpuCount() + " GPU(s)");
        }
        return device;
    }
}
