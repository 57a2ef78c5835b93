package dev.telltale.backend;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** A real server on a random port over a real data folder, and a plain HTTP client for it. */
public final class TestServer implements AutoCloseable {

    public static final String TOKEN = "test-token-0123456789abcdef";

    public final TelltaleServer server;
    public final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    private TestServer(TelltaleServer server) {
        this.server = server;
    }

    public static TestServer start(Path dataDir) throws Exception {
        return new TestServer(TelltaleServer.start(new ServerConfig("127.0.0.1", 0, dataDir, TOKEN)));
    }

    public static TestServer start(ServerConfig config) throws Exception {
        return new TestServer(TelltaleServer.start(config));
    }

    /** A server on a given port (for a restart on the same address). */
    public static TestServer startOnPort(Path dataDir, int port) throws Exception {
        return new TestServer(TelltaleServer.start(new ServerConfig("127.0.0.1", port, dataDir, TOKEN)));
    }

    public String base() {
        return "http://127.0.0.1:" + server.port();
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + TOKEN);
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> send(String method, String path, String json) throws IOException, InterruptedException {
        return http.send(request(path)
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return send("POST", path, json);
    }

    public HttpResponse<String> post(String path, JsonObject json) throws IOException, InterruptedException {
        return send("POST", path, json.encode());
    }

    /** Creates a run and returns its id. */
    public long createRun(String name) throws IOException, InterruptedException {
        HttpResponse<String> r = post("/api/runs", new JsonObject().put("name", name).put("model", "stackgan-stage1").put("external", true));
        if (r.statusCode() != 201) {
            throw new IllegalStateException("create run: " + r.statusCode() + " " + r.body());
        }
        return new JsonObject(r.body()).getLong("id");
    }

    @Override
    public void close() {
        server.close();
    }
}
