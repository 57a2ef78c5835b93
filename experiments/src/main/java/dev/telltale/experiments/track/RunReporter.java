package dev.telltale.experiments.track;

import com.google.gson.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a worker tells the server besides metrics: a heartbeat with its progress every few seconds,
 * and its final status. Failures to reach the server are logged and retried a few times: the
 * server also watches the worker's process, so a lost heartbeat is not fatal.
 */
public final class RunReporter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunReporter.class);

    private final URI base;
    private final String token;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicLong step = new AtomicLong();
    private volatile long totalSteps;
    private final Thread beat;
    private volatile boolean closed;

    public RunReporter(URI server, long runId, String token, Duration every) {
        this.base = URI.create(server.toString().replaceAll("/+$", "") + "/api/runs/" + runId + "/");
        this.token = token;
        this.beat = new Thread(() -> {
            while (!closed) {
                post("heartbeat", heartbeatBody(), 1);
                try {
                    Thread.sleep(every.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "telltale-heartbeat-" + runId);
        beat.setDaemon(true);
    }

    public void start() {
        beat.start();
    }

    /** The newest step reached and how many the run has in all. */
    public void progress(long step, long totalSteps) {
        this.step.accumulateAndGet(step, Math::max);
        this.totalSteps = totalSteps;
    }

    public long step() {
        return step.get();
    }

    /** FINISHED or FAILED (with why), from the worker's own point of view. */
    public boolean status(String status, String error) {
        // the last progress first, so a finished run never shows a stale step
        post("heartbeat", heartbeatBody(), 2);
        JsonObject body = new JsonObject();
        body.addProperty("status", status);
        if (error != null) {
            body.addProperty("error", error.length() > 20_000 ? error.substring(0, 20_000) : error);
        }
        return post("status", body, 10);
    }

    /** An evaluation row for the run (a few per run: sent at once, retried a little). */
    public boolean evaluation(long step, String metric, double mean, Double std, Integer n, String evaluator) {
        if (!Double.isFinite(mean) || (std != null && !Double.isFinite(std))) {
            return false;
        }
        JsonObject body = new JsonObject();
        body.addProperty("step", step);
        body.addProperty("metric", metric);
        body.addProperty("mean", mean);
        if (std != null) {
            body.addProperty("std", std);
        }
        if (n != null) {
            body.addProperty("n", n);
        }
        if (evaluator != null) {
            body.addProperty("evaluator", evaluator);
        }
        // the table row is not logged again by a resume: worth a few seconds of a server's restart,
        // not minutes of training (this runs on the training thread)
        return post("evaluations", body, 6);
    }

    private JsonObject heartbeatBody() {
        JsonObject body = new JsonObject();
        body.addProperty("step", step.get());
        if (totalSteps > 0) {
            body.addProperty("totalSteps", totalSteps);
        }
        return body;
    }

    private boolean post(String path, JsonObject body, int tries) {
        for (int i = 0; i < tries; i++) {
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(base.resolve(path))
                                .timeout(Duration.ofSeconds(10))
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() < 300) {
                    return true;
                }
                LOG.warn("{} answered {}: {}", path, r.statusCode(), r.body());
                // 408 and 429 ask for another try; other 4xx will not change
                if (r.statusCode() < 500 && r.statusCode() != 408 && r.statusCode() != 429) {
                    return false;
                }
            } catch (Exception e) {
                LOG.debug("{} failed: {}", path, e.toString());
            }
            if (i == tries - 1) {
                if (tries > 1) { // a lost heartbeat is replaced by the next one
                    LOG.warn("{} not delivered after {} tries", path, tries);
                }
                break;
            }
            try {
                Thread.sleep(500L * (i + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    @Override
    public void close() {
        closed = true;
        beat.interrupt();
    }
}
