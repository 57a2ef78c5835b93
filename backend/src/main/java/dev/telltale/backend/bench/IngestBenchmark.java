package dev.telltale.backend.bench;

import static dev.telltale.db.generated.Tables.METRIC_KEY;

import dev.telltale.backend.ServerConfig;
import dev.telltale.backend.TelltaleServer;
import dev.telltale.backend.store.Database;
import dev.telltale.backend.store.NewRun;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Ingestion benchmark (not a test). In one process: N points through the HTTP API (several
 * concurrent clients, batches of B) into a fresh data folder, the same points by a raw JDBC batch
 * INSERT into another fresh H2 file with the same schema, both rates and their ratio; then the
 * server time of a downsampled read of the N-point series to 2,000 points, cold (first read loads
 * it from H2) and warm.
 *
 * <pre>java -cp backend/target/telltale.jar dev.telltale.backend.bench.IngestBenchmark [--points N] [--batch B] [--clients C]</pre>
 */
public final class IngestBenchmark {

    private IngestBenchmark() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        int points = 1_000_000;
        int batch = 5_000;
        int clients = 4;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--points" -> points = Integer.parseInt(args[i + 1]);
                case "--batch" -> batch = Integer.parseInt(args[i + 1]);
                case "--clients" -> clients = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path work = Files.createTempDirectory("telltale-bench");
        System.out.printf(Locale.ROOT, "points=%d batch=%d clients=%d cores=%d folder=%s%n",
                points, batch, clients, Runtime.getRuntime().availableProcessors(), work);

        double jdbcRate = rawJdbc(work.resolve("jdbc"), points, batch);
        System.out.printf(Locale.ROOT, "raw JDBC batch insert: %,.0f points/s%n", jdbcRate);

        String token = "bench-token-0123456789abcdef";
        try (TelltaleServer server = TelltaleServer.start(new ServerConfig("127.0.0.1", 0, work.resolve("api"), token))) {
            long run = server.tracking().runs().create(new NewRun("bench", "bench", null, null, null, null, List.of(), null)).id();
            double apiRate = api(server.port(), token, run, points, batch, clients);
            System.out.printf(Locale.ROOT, "HTTP API ingestion:    %,.0f points/s%n", apiRate);
            System.out.printf(Locale.ROOT, "API / raw JDBC:        %.2f (target >= 0.50; API target >= 200,000 points/s)%n", apiRate / jdbcRate);
            System.out.println("downsampled read while the series is in memory (as for a live run):");
            reads(server.port(), token, run);
        }
        // a restarted server has nothing in memory: the first read loads the series from H2
        try (TelltaleServer server = TelltaleServer.start(new ServerConfig("127.0.0.1", 0, work.resolve("api"), token))) {
            System.out.println("downsampled read after a restart (first read loads the series from H2):");
            reads(server.port(), token, 1);
        }
    }

    /** Same schema, one transaction per batch like the API, plain INSERT. */
    private static double rawJdbc(Path folder, int points, int batch) throws Exception {
        try (Database db = Database.open(folder)) {
            long run = db.dsl().insertInto(dev.telltale.db.generated.Tables.RUN)
                    .set(dev.telltale.db.generated.Tables.RUN.NAME, "jdbc")
                    .set(dev.telltale.db.generated.Tables.RUN.MODEL, "bench")
                    .set(dev.telltale.db.generated.Tables.RUN.PARAMS, "{}")
                    .set(dev.telltale.db.generated.Tables.RUN.NOTES, "")
                    .set(dev.telltale.db.generated.Tables.RUN.STATUS, "RUNNING")
                    .set(dev.telltale.db.generated.Tables.RUN.CREATED_AT, java.time.OffsetDateTime.now())
                    .set(dev.telltale.db.generated.Tables.RUN.UPDATED_AT, java.time.OffsetDateTime.now())
                    .returning(dev.telltale.db.generated.Tables.RUN.ID).fetchOne().getId();
            long key = db.dsl().insertInto(METRIC_KEY, METRIC_KEY.RUN_ID, METRIC_KEY.NAME).values(run, "loss/d")
                    .returning(METRIC_KEY.ID).fetchOne().getId();
            long t0 = System.nanoTime();
            try (Connection c = db.dataSource().getConnection();
                    PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO metric (key_id, step, val, wall_time, seq) VALUES (?, ?, ?, ?, ?)")) {
                c.setAutoCommit(false);
                for (int from = 0; from < points; from += batch) {
                    int n = Math.min(batch, points - from);
                    for (int i = 0; i < n; i++) {
                        long step = from + i;
                        ps.setLong(1, key);
                        ps.setLong(2, step);
                        ps.setDouble(3, value(step));
                        ps.setLong(4, 1_700_000_000_000L + step);
                        ps.setLong(5, step + 1);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                    c.commit();
                }
            }
            return points / ((System.nanoTime() - t0) / 1e9);
        }
    }

    private static double value(long step) {
        return Math.sin(step * 1e-3) + (step % 100_003 == 0 ? 25 : 0);
    }

    private static double api(int port, String token, long run, int points, int batch, int clients) throws Exception {
        // bodies are encoded before the clock starts: the server is what is measured
        List<String> bodies = new ArrayList<>();
        for (int from = 0; from < points; from += batch) {
            int n = Math.min(batch, points - from);
            StringBuilder sb = new StringBuilder(n * 72).append("{\"points\":[");
            for (int i = 0; i < n; i++) {
                long step = from + i;
                if (i > 0) {
                    sb.append(',');
                }
                sb.append("{\"key\":\"loss/d\",\"step\":").append(step)
                        .append(",\"value\":").append(value(step))
                        .append(",\"time\":").append(1_700_000_000_000L + step).append('}');
            }
            bodies.add(sb.append("]}").toString());
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/runs/" + run + "/metrics");
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long t0 = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            done.add(pool.submit(() -> {
                for (int b = client; b < bodies.size(); b += clients) {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri)
                                    .header("Authorization", "Bearer " + token)
                                    .header("Content-Type", "application/json")
                                    .timeout(Duration.ofMinutes(2))
                                    .POST(HttpRequest.BodyPublishers.ofString(bodies.get(b))).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException("batch " + b + ": " + r.statusCode() + " " + r.body());
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        return points / seconds;
    }

    private static void reads(int port, String token, long run) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest req = HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + port + "/api/runs/" + run + "/metrics?key=loss/d&maxPoints=2000"))
                .header("Authorization", "Bearer " + token).build();
        double[] server = new double[21];
        double[] total = new double[21];
        int returned = 0;
        for (int i = 0; i < server.length; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            total[i] = (System.nanoTime() - t0) / 1e6;
            String timing = r.headers().firstValue("Server-Timing").orElse("read;dur=NaN");
            server[i] = Double.parseDouble(timing.substring(timing.indexOf("dur=") + 4));
            returned = io.vertx.core.json.JsonObject.mapFrom(new io.vertx.core.json.JsonObject(r.body()))
                    .getJsonArray("series").getJsonObject(0).getJsonArray("steps").size();
        }
        double[] warmServer = Arrays.copyOfRange(server, 1, server.length);
        double[] warmTotal = Arrays.copyOfRange(total, 1, total.length);
        Arrays.sort(warmServer);
        Arrays.sort(warmTotal);
        System.out.printf(Locale.ROOT, "  first read (%d points back): server %.1f ms, round trip %.1f ms%n", returned, server[0], total[0]);
        System.out.printf(Locale.ROOT, "  warm (20 reads): server median %.2f ms, max %.2f ms; round trip median %.2f ms (target <= 50 ms server)%n",
                warmServer[warmServer.length / 2], warmServer[warmServer.length - 1], warmTotal[warmTotal.length / 2]);
    }
}
