package dev.telltale.backend;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the server listens and keeps its data. Command-line options win over environment
 * variables, which win over the defaults (127.0.0.1:8080, ./telltale-data).
 */
public record ServerConfig(String host, int port, Path dataDir, String token, boolean fastIngest,
        dev.telltale.backend.jobs.SchedulerConfig scheduler) {

    public ServerConfig(String host, int port, Path dataDir, String token) {
        this(host, port, dataDir, token, true, dev.telltale.backend.jobs.SchedulerConfig.defaults());
    }

    public ServerConfig(String host, int port, Path dataDir, String token, boolean fastIngest) {
        this(host, port, dataDir, token, fastIngest, dev.telltale.backend.jobs.SchedulerConfig.defaults());
    }

    public ServerConfig withScheduler(dev.telltale.backend.jobs.SchedulerConfig s) {
        return new ServerConfig(host, port, dataDir, token, fastIngest, s);
    }

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_DATA = "telltale-data";

    /** Thrown for a command line that cannot be understood; the message says why. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    public static ServerConfig parse(String[] args, Map<String, String> env) throws UsageException {
        String host = env.getOrDefault("TELLTALE_HOST", DEFAULT_HOST);
        String port = env.getOrDefault("TELLTALE_PORT", Integer.toString(DEFAULT_PORT));
        String data = env.getOrDefault("TELLTALE_DATA", DEFAULT_DATA);
        String token = env.get("TELLTALE_TOKEN");
        String cpuSlots = env.getOrDefault("TELLTALE_CPU_SLOTS", "1");
        String gpuSlots = env.getOrDefault("TELLTALE_GPU_SLOTS", "auto");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value = null;
            String name = a;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            }
            switch (name) {
                case "--host", "--port", "--data", "--token", "--cpu-slots", "--gpu-slots" -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new UsageException(name + " needs a value");
                        }
                        value = args[++i];
                    }
                    switch (name) {
                        case "--host" -> host = value;
                        case "--port" -> port = value;
                        case "--data" -> data = value;
                        case "--cpu-slots" -> cpuSlots = value;
                        case "--gpu-slots" -> gpuSlots = value;
                        default -> token = value;
                    }
                }
                default -> throw new UsageException("unknown option '" + a + "'");
            }
        }
        int p;
        try {
            p = Integer.parseInt(port.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("port must be a number, got '" + port + "'");
        }
        if (p < 0 || p > 65535) {
            throw new UsageException("port must be between 0 and 65535, got " + p);
        }
        if (host.isBlank()) {
            throw new UsageException("host must not be empty");
        }
        if (data.isBlank()) {
            throw new UsageException("data folder must not be empty");
        }
        if (token != null && token.trim().length() < 16) {
            throw new UsageException("a token must have at least 16 characters");
        }
        int cpu;
        int gpu;
        try {
            cpu = Integer.parseInt(cpuSlots.trim());
            gpu = gpuSlots.trim().equals("auto") ? ai.djl.util.cuda.CudaUtils.getGpuCount() : Integer.parseInt(gpuSlots.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--cpu-slots takes a number and --gpu-slots a number or 'auto'");
        }
        if (cpu < 0 || gpu < 0 || cpu + gpu == 0) {
            throw new UsageException("there must be at least one device slot");
        }
        return new ServerConfig(host, p, Path.of(data), token == null ? null : token.trim(), true,
                dev.telltale.backend.jobs.SchedulerConfig.defaults().withCpuSlots(cpu).withGpuSlots(gpu));
    }
}
