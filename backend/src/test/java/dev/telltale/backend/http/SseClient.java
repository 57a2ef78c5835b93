package dev.telltale.backend.http;

import dev.telltale.backend.TestServer;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A minimal Server-Sent Events reader over java.net.http, for tests. */
final class SseClient implements AutoCloseable {

    record Event(Long id, String event, JsonObject data, long receivedNanos) {}

    private final InputStream in;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Thread reader;
    final int status;

    SseClient(TestServer s, String path, Long lastEventId) throws Exception {
        var b = s.request(path).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            b.header("Last-Event-ID", Long.toString(lastEventId));
        }
        HttpResponse<InputStream> r = s.http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        this.status = r.statusCode();
        this.in = r.body();
        this.reader = new Thread(this::read, "sse-test-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try (BufferedReader br = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            Long id = null;
            String event = "message";
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = br.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        events.add(new Event(id, event, new JsonObject(data.toString()), System.nanoTime()));
                    }
                    id = null;
                    event = "message";
                    data.setLength(0);
                } else if (line.startsWith("id: ")) {
                    id = Long.parseLong(line.substring(4));
                } else if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                }
            }
        } catch (Exception closed) {
            // the test closed the stream
        }
    }

    /** The next event of this type, or null after the timeout. */
    Event next(String type, long timeoutMs) throws InterruptedException {
        return nextOf(timeoutMs, type);
    }

    /** The next event of one of these types (others are skipped), or null after the timeout. */
    Event nextOf(long timeoutMs, String... types) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (true) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return null;
            }
            Event e = events.poll(left, TimeUnit.MILLISECONDS);
            if (e == null) {
                return null;
            }
            for (String type : types) {
                if (e.event().equals(type)) {
                    return e;
                }
            }
        }
    }

    @Override
    public void close() throws Exception {
        in.close();
        reader.interrupt();
    }
}
