package dev.telltale.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Points the server acknowledged are on disk: the server runs as a real child process, is killed
 * with SIGKILL in the middle of a stream of batches, and a new process on the same data folder
 * must hold every acknowledged point.
 */
class DurabilityTest {

    private static final Pattern URL = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    private record Child(Process process, int port) {}

    private Child startChild() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--port", "0", "--data", dir.toString(), "--token", TestServer.TOKEN);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    Matcher m = URL.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (Exception ignored) {
                // the process died
            }
            port.completeExceptionally(new IllegalStateException("server exited before printing its URL"));
        });
        t.setDaemon(true);
        t.start();
        return new Child(p, port.get(60, TimeUnit.SECONDS));
    }

    private HttpResponse<String> post(int port, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Authorization", "Bearer " + TestServer.TOKEN)
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(20))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void acknowledgedPointsSurviveSigkill() throws Exception {
        Child first = startChild();
        long run = new JsonObject(post(first.port(), "/api/runs", "{\"name\":\"durable\",\"model\":\"m\",\"external\":true}").body()).getLong("id");

        AtomicLong acknowledgedUpTo = new AtomicLong(-1); // batches are sent in order, one at a time
        AtomicBoolean stop = new AtomicBoolean();
        List<Throwable> unexpected = new ArrayList<>();
        int perBatch = 500;
        Thread sender = new Thread(() -> {
            for (int b = 0; !stop.get(); b++) {
                JsonArray points = new JsonArray();
                for (int i = 0; i < perBatch; i++) {
                    long step = (long) b * perBatch + i;
                    points.add(new JsonObject().put("key", "loss/d").put("step", step).put("value", step * 0.001));
                }
                try {
                    HttpResponse<String> r = post(first.port(), "/api/runs/" + run + "/metrics",
                            new JsonObject().put("points", points).encode());
                    if (r.statusCode() == 200) {
                        acknowledgedUpTo.set((long) (b + 1) * perBatch - 1);
                    } else {
                        unexpected.add(new AssertionError("status " + r.statusCode() + ": " + r.body()));
                        return;
                    }
                } catch (Exception e) {
                    return; // the server was killed mid-request: this batch was never acknowledged
                }
            }
        });
        sender.start();
        long deadline = System.currentTimeMillis() + 30_000;
        while (acknowledgedUpTo.get() < 20 * perBatch && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        first.process().destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no clean close
        assertTrue(first.process().waitFor(30, TimeUnit.SECONDS));
        stop.set(true);
        sender.join(30_000);
        assertTrue(unexpected.isEmpty(), unexpected.toString());
        long acked = acknowledgedUpTo.get();
        assertTrue(acked >= 20 * perBatch - 1, "the sender got far enough before the kill: " + acked);

        Child second = startChild();
        try {
            HttpResponse<String> keys = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + second.port() + "/api/runs/" + run + "/metrics?key=loss/d&maxPoints=100000"))
                    .header("Authorization", "Bearer " + TestServer.TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, keys.statusCode(), keys.body());
            JsonObject series = new JsonObject(keys.body()).getJsonArray("series").getJsonObject(0);
            JsonArray steps = series.getJsonArray("steps");
            assertTrue(series.getInteger("count") >= acked + 1,
                    "stored " + series.getInteger("count") + " points, acknowledged " + (acked + 1));
            for (int i = 0; i <= acked; i++) {
                assertEquals(i, steps.getLong(i), "acknowledged step " + i + " is missing");
            }
            // batches are all or nothing: whatever landed beyond the acknowledged ones is a whole batch
            assertEquals(0, series.getInteger("count") % perBatch);
        } finally {
            second.process().destroy();
            second.process().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
