package dev.telltale.backend.page;

import dev.telltale.backend.ServerConfig;
import dev.telltale.backend.TelltaleServer;
import dev.telltale.backend.jobs.SchedulerConfig;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;

/**
 * Makes the README's pictures of the page from real runs (not a test): a fresh server trains two
 * small Stage-I runs on the shapes (unjudged: training the judge takes minutes on a CPU), then headless Chromium photographs the runs, run, compare,
 * launch and (where the server has it) generate pages into docs/screenshots/.
 *
 * <pre>
 * mvn -o -q -pl backend -am test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp backend/target/test-classes:backend/target/classes:$(cat backend/target/cp.txt) \
 *     dev.telltale.backend.page.ReadmeScreenshots [--out docs/screenshots] [--steps 120]
 * </pre>
 */
public final class ReadmeScreenshots {

    private ReadmeScreenshots() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("org.jooq.no-logo", "true");
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        Path out = Path.of("docs", "screenshots");
        int steps = 120;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[i + 1]);
                case "--steps" -> steps = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Files.createDirectories(out);
        Path work = Files.createTempDirectory("telltale-shots");
        String token = "shots-token-0123456789abcdef";
        try (TelltaleServer server = TelltaleServer.start(new ServerConfig("127.0.0.1", 0, work.resolve("data"), token, true,
                SchedulerConfig.defaults().withWorkerHeap("2g")));
                Browser b = new Browser(work, 1400, 900)) {
            String base = "http://127.0.0.1:" + server.port();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            long a = launch(http, base, token, "baseline", steps, 2.0, 1);
            long c = launch(http, base, token, "stronger KL", steps, 4.0, 2);
            b.signIn(server.url());
            await(http, base, token, a, "RUNNING");
            b.open(base, "/runs/" + a);
            Thread.sleep(8000);
            await(http, base, token, a, "FINISHED");
            await(http, base, token, c, "FINISHED");

            shot(b, base, "/runs", "telltale:runs-table", out.resolve("runs.png"));
            shot(b, base, "/runs/" + a, "telltale:charts", out.resolve("run.png"));
            b.open(base, "/runs/" + a + "?tab=samples");
            b.waitVisible("img[data-test=sample-image]", 30);
            Thread.sleep(500);
            save(b, out.resolve("samples.png"));
            b.open(base, "/compare?ids=" + a + "," + c);
            b.waitFor(Duration.ofSeconds(30), "curves", d -> !b.findAll("figure.chart").isEmpty());
            Thread.sleep(1000);
            save(b, out.resolve("compare.png"));
            b.open(base, "/launch?model=stackgan-stage1&dataset=shapes&preset=cpu");
            b.waitVisible("[data-test=launch-form]", 10);
            save(b, out.resolve("launch.png"));
            String contract = get(http, base, token, "/api/openapi.json");
            if (new JsonObject(contract).getJsonObject("paths").containsKey("/api/generate")) {
                b.open(base, "/generate?run=" + a);
                b.type("[data-test=caption]", "a large red circle in the center on a black background");
                b.find("[data-test=generate]").click();
                b.waitVisible("[data-test=result] img", 60);
                Thread.sleep(500);
                save(b, out.resolve("generate.png"));
            } else {
                System.out.println("no POST /api/generate on this server: generate.png left as it was");
            }
            System.out.println("screenshots in " + out.toAbsolutePath());
        }
    }

    static long launch(HttpClient http, String base, String token, String name, int steps, double kl, long seed) throws Exception {
        JsonObject body = new JsonObject().put("name", name).put("model", "stackgan-stage1").put("dataset", "shapes")
                .put("preset", "tiny").put("tags", new io.vertx.core.json.JsonArray().add("readme"))
                // judging would first train the judge for minutes on a small CPU
                .put("evaluate", false)
                .put("params", new JsonObject().put("steps", steps).put("sampleEvery", Math.max(1, steps / 6))
                        .put("checkpointEvery", Math.max(1, steps / 3))
                        .put("klCoefficient", kl).put("seed", seed).put("trainImages", 64).put("testImages", 16));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/runs"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("launch: " + r.body());
        }
        return new JsonObject(r.body()).getLong("id");
    }

    static String get(HttpClient http, String base, String token, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    static void await(HttpClient http, String base, String token, long id, String status) throws Exception {
        Instant deadline = Instant.now().plusSeconds(900);
        while (true) {
            JsonObject run = new JsonObject(get(http, base, token, "/api/runs/" + id));
            if (run.getString("status").equals(status) || run.getString("status").equals("FINISHED")) {
                return;
            }
            if (run.getString("status").equals("FAILED") || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("run " + id + " did not get " + status + ": " + run.encode());
            }
            Thread.sleep(500);
        }
    }

    static void shot(Browser b, String base, String hash, String mark, Path file) throws Exception {
        b.driver.get("about:blank");
        b.driver.get(base + "/#" + hash);
        b.waitFor(Duration.ofSeconds(30), mark, d -> b.js("return performance.getEntriesByName(arguments[0]).length > 0", mark));
        Thread.sleep(800);
        save(b, file);
    }

    static void save(Browser b, Path file) throws Exception {
        Files.write(file, ((TakesScreenshot) b.driver).getScreenshotAs(OutputType.BYTES));
    }
}
