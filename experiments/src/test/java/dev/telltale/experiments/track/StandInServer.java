package dev.telltale.experiments.track;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the Telltale server's tracking API, for tests only: stores what it accepts,
 * idempotently on (key, step) like the real one, and can fail requests on demand.
 */
final class StandInServer implements AutoCloseable {

    enum Failure { STATUS_503, CLOSE_CONNECTION, STATUS_400 }

    record Artifact(String kind, String path, Long step, Integer captionIndex, int pointsStoredBefore) {
    }

    static final String TOKEN = "secret-token";

    static {
        // without it each small answer waits for the client's delayed ACK (~40 ms a request)
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final long runId;
    /** (key, step) -> value, as the server keeps them. */
    private final Map<String, Double> stored = new LinkedHashMap<>();
    private final List<Artifact> artifacts = new ArrayList<>();
    private int acceptedPoints;
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger failuresLeft = new AtomicInteger();
    volatile Failure failure = Failure.STATUS_503;

    StandInServer(long runId, int port) throws IOException {
        this.runId = runId;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/api/runs/" + runId + "/metrics", this::metrics);
        server.createContext("/api/runs/" + runId + "/artifacts", this::artifact);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    private boolean failed(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            reply(exchange, 401, "{\"error\":\"bad token\",\"field\":\"Authorization\"}");
            return true;
        }
        if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            switch (failure) {
                case STATUS_503 -> reply(exchange, 503, "{\"error\":\"starting up\"}");
                case STATUS_400 -> reply(exchange, 400, "{\"error\":\"value must be finite\",\"field\":\"points[0].value\"}");
                // closing without an answer is what a crashing server looks like to the client
                case CLOSE_CONNECTION -> exchange.close();
            }
            return true;
        }
        return false;
    }

    private void metrics(HttpExchange exchange) throws IOException {
        JsonObject body = readBody(exchange);
        if (failed(exchange)) {
            return;
        }
        int n;
        synchronized (this) {
            n = body.getAsJsonArray("points").size();
            for (JsonElement element : body.getAsJsonArray("points")) {
                JsonObject p = element.getAsJsonObject();
                stored.put(p.get("key").getAsString() + "@" + p.get("step").getAsLong(), p.get("value").getAsDouble());
            }
            acceptedPoints += n;
        }
        reply(exchange, 200, "{\"stored\":" + n + ",\"lastEventId\":1}");
    }

    private void artifact(HttpExchange exchange) throws IOException {
        JsonObject body = readBody(exchange);
        if (failed(exchange)) {
            return;
        }
        synchronized (this) {
            artifacts.add(new Artifact(body.get("kind").getAsString(), body.get("path").getAsString(),
                    body.has("step") ? body.get("step").getAsLong() : null,
                    body.has("captionIndex") ? body.get("captionIndex").getAsInt() : null, stored.size()));
        }
        reply(exchange, 201, "{}");
    }

    private static JsonObject readBody(HttpExchange exchange) throws IOException {
        return JsonParser.parseString(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** Stored points as "key@step" -> value. */
    synchronized Map<String, Double> stored() {
        return new LinkedHashMap<>(stored);
    }

    /** Points in accepted requests, duplicates included. */
    synchronized int acceptedPoints() {
        return acceptedPoints;
    }

    synchronized List<Artifact> artifacts() {
        return new ArrayList<>(artifacts);
    }

    long runId() {
        return runId;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
