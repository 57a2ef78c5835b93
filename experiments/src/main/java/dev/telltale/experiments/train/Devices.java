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
        Device device = parse(d);
        if (device.isGpu() && Engine.getEngine("PyTorch").getGpuCount() <= device.getDeviceId()) {
            throw new IllegalArgumentException("device '" + d + "' is not available: the engine sees "
                    + Engine.getEngine("PyTorch").getGpuCount() + " GPU(s)");
        }
        return device;
    }

    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("(cpu|gpu)(?::?(\\d{1,4}))?");

    /**
     * cpu, gpu, gpu:N (the server's GPU slots are named so) or gpuN. DJL's Device.fromName reads only
     * the last form and failed every run on a GPU slot.
     */
    static Device parse(String name) {
        java.util.regex.Matcher m = NAME.matcher(name.trim().toLowerCase(java.util.Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("device: '" + name + "' is not cpu, gpu or gpu:N");
        }
        if (m.group(1).equals("cpu")) {
            return Device.cpu();
        }
        return Device.gpu(m.group(2) == null ? 0 : Integer.parseInt(m.group(2)));
    }
}
