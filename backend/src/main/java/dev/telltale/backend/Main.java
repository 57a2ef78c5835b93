package dev.telltale.backend;

import java.net.BindException;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/** {@code java -jar telltale.jar [serve] [--port N] [--host H] [--data DIR] [--token T]}. */
public final class Main {

    static final String USAGE = """
            usage: java -jar telltale.jar [serve] [--port N] [--host H] [--data DIR] [--token T]
              --port   port to listen on (default 8080; env TELLTALE_PORT; 0 picks a free one)
              --host   address to bind (default 127.0.0.1; env TELLTALE_HOST)
              --data   data folder: H2 database, runs/, token (default ./telltale-data; env TELLTALE_DATA)
              --token  bearer token to use instead of the data folder's token file (env TELLTALE_TOKEN)
              --cpu-slots N    training runs at once on the CPU (default 1; env TELLTALE_CPU_SLOTS)
              --gpu-slots N    training runs at once on GPUs (default auto: one per CUDA device; env TELLTALE_GPU_SLOTS)
            """;

    private Main() {}

    public static void main(String[] args) {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        String[] rest = args;
        if (rest.length > 0 && !rest[0].startsWith("-")) {
            if (!rest[0].equals("serve")) {
                fail("unknown command '" + rest[0] + "'");
            }
            rest = Arrays.copyOfRange(rest, 1, rest.length);
        }
        if (Arrays.asList(rest).contains("--help") || Arrays.asList(rest).contains("-h")) {
            System.out.print(USAGE);
            return;
        }
        ServerConfig config;
        try {
            config = ServerConfig.parse(rest, System.getenv());
        } catch (ServerConfig.UsageException e) {
            fail(e.getMessage());
            return;
        }
        TelltaleServer server;
        try {
            server = TelltaleServer.start(config);
        } catch (Exception e) {
            Throwable root = e;
            // every level's own words: a file exception's message is only its path ("telltale-data"),
            // the wrapper says what could not be done with it
            java.util.List<String> said = new java.util.ArrayList<>();
            for (Throwable t = e; t != null; t = t.getCause()) {
                root = t;
                String m = t.getMessage();
                if (t instanceof java.nio.file.FileSystemException) {
                    // its message is only the path: its type says what is wrong with it
                    said.add(t.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase()
                            + " (" + m + ")");
                } else if (m != null && !m.isBlank() && said.stream().noneMatch(x -> x.contains(m))) {
                    said.add(m);
                }
            }
            String why = root instanceof BindException
                    ? "cannot listen on " + config.host() + ":" + config.port() + " (" + root.getMessage() + "); try --port"
                    : String.join(": ", said);
            System.err.println("telltale: could not start: " + why);
            if (Boolean.getBoolean("telltale.debug")) {
                e.printStackTrace();
            }
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "telltale-shutdown"));
        System.out.println("Telltale " + TelltaleServer.VERSION + " is running; data folder " + server.tracking().folder().root());
        System.out.println("Open " + server.url());
        System.out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void fail(String message) {
        System.err.println("telltale: " + message);
        System.err.print(USAGE);
        System.exit(2);
    }
}
