package dev.telltale.experiments.track;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks a run on the Telltale server. Recording only queues: a background sender batches points,
 * POSTs them to {@code /api/runs/{id}/metrics} and registers artifacts at {@code /api/runs/{id}/artifacts}
 * in call order (an artifact only after every point recorded before it is acknowledged).
 *
 * <p>The server may be away (restarting, unreachable): connection errors, 5xx, 408 and 429 are retried
 * with capped exponential backoff for as long as the tracker is open, and no point is dropped for it.
 * When more than {@code maxBufferedPoints} wait in memory, the rest of the queue goes to an append-only
 * spool file in {@code spoolDir}, replayed when the server answers again; points re-sent after a crash
 * replace themselves on the server (it is idempotent on run, key and step). Any other 4xx means the
 * request can never succeed (bad input, wrong token): that batch is logged and dropped.
 *
 * <p>{@link #close()} waits up to {@code closeTimeout} for the queue to drain; what is still undelivered
 * is counted ({@link #pendingPoints()}), logged, and left in the spool file, so that the next tracker of
 * the same run with the same spool folder delivers it. One tracker per run and spool folder at a time.
 */
public final class HttpTracker implements Tracker {

    private static final Logger LOG = LoggerFactory.getLogger(HttpTracker.class);
    /** The server takes at most this many points a request. */
    public static final int MAX_BATCH_SIZE = 10_000;

    private final long runId;
    private final URI metricsUri;
    private final URI artifactsUri;
    private final String token;
    private final Path runDir;
    private final int batchSize;
    private final long flushIntervalNanos;
    private final int maxBufferedPoints;
    private final Duration closeTimeout;
    private final Duration requestTimeout;
    private final long initialBackoffMs;
    private final long maxBackoffMs;
    private final HttpClient client;
    private final TrackerChecks checks = new TrackerChecks();
    private final Thread sender;

    private final Object lock = new Object();
    // the queue, in call order: memory holds its head, the spool its tail (if any)
    private final ArrayDeque<QueuedItem> memory = new ArrayDeque<>();
    private final Spool spool;
    private int memoryPoints;
    private int memoryArtifacts;
    private long spoolArtifacts;
    /** How many items at the head of memory came from the spool and are not yet acknowledged. */
    private int loadedFromSpool;
    private long enqueuedItems;
    private long completedItems;
    private long flushTarget;
    private long waitingSince;
    private long deliveredPoints;
    private long rejectedPoints;
    private long rejectedArtifacts;
    private boolean closing;
    private boolean stopNow;
    private boolean closed;
    private volatile Instant lastHeartbeat;

    private HttpTracker(Builder b) {
        this.runId = b.runId;
        String base = b.server.toString().replaceAll("/+$", "");
        this.metricsUri = URI.create(base + "/api/runs/" + runId + "/metrics");
        this.artifactsUri = URI.create(base + "/api/runs/" + runId + "/artifacts");
        this.token = b.token;
        this.runDir = b.runDir.toAbsolutePath().normalize();
        this.batchSize = b.batchSize;
        this.flushIntervalNanos = b.flushInterval.toNanos();
        this.maxBufferedPoints = b.maxBufferedPoints;
        this.closeTimeout = b.closeTimeout;
        this.requestTimeout = b.requestTimeout;
        this.initialBackoffMs = b.initialBackoff.toMillis();
        this.maxBackoffMs = b.maxBackoff.toMillis();
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(b.requestTimeout)
                .build();
        this.spool = new Spool(b.spoolDir, runId);
        // a spool left by an earlier tracker of this run is the head of the queue
        this.enqueuedItems = spool.unreadItems();
        this.waitingSince = System.nanoTime();
        this.sender = new Thread(this::runSender, "telltale-tracker-run-" + runId);
        this.sender.setDaemon(true);
        this.sender.start();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void scalar(String key, long step, double value) {
        MetricPoint point = checks.point(key, step, value, System.currentTimeMillis());
        enqueue(new QueuedItem.Point(point));
    }

    @Override
    public void artifact(ArtifactKind kind, Path file, Long step, Integer captionIndex) {
        TrackerChecks.checkArtifactArguments(kind, step, captionIndex);
        enqueue(new QueuedItem.Artifact(new ArtifactRecord(kind, relativePath(file), step, captionIndex, System.currentTimeMillis())));
    }

    private String relativePath(Path file) {
        if (file == null) {
            throw new IllegalArgumentException("artifact file must be given");
        }
        Path absolute = file.toAbsolutePath().normalize();
        if (!absolute.startsWith(runDir) || absolute.equals(runDir)) {
            throw new IllegalArgumentException("artifact file " + absolute + " lies outside the run folder " + runDir
                    + ": the server can only serve files inside it");
        }
        if (!Files.exists(absolute)) {
            throw new IllegalArgumentException("artifact file " + absolute + " does not exist");
        }
        return LocalTracker.slashes(runDir.relativize(absolute));
    }

    /**
     * For now only remembers the time: the server has no heartbeat endpoint yet. When it has, this
     * stays a cheap call that queues nothing; the sender will post the latest time now and then.
     */
    @Override
    public void heartbeat() {
        lastHeartbeat = Instant.now();
    }

    public Optional<Instant> lastHeartbeat() {
        return Optional.ofNullable(lastHeartbeat);
    }

    /** Sends everything queued now and waits up to {@code closeTimeout} for it (queued points are kept either way). */
    @Override
    public void flush() {
        flush(closeTimeout);
    }

    /**
     * Sends everything queued now and waits up to {@code timeout} until the server has answered for
     * all of it. True when it has (delivered, or rejected with a 4xx); false when the time ran out.
     */
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            long target = enqueuedItems;
            flushTarget = Math.max(flushTarget, target);
            lock.notifyAll();
            while (completedItems < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed) {
                    return completedItems >= target;
                }
                waitOn(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    /**
     * Waits up to {@code closeTimeout} for the queue to drain, then stops the sender. Points that could
     * not be delivered are counted in {@link #pendingPoints()}, logged, and kept in the spool file.
     */
    @Override
    public void close() {
        synchronized (lock) {
            if (closing) {
                return;
            }
            closing = true;
            lock.notifyAll();
        }
        try {
            sender.join(Math.max(1, closeTimeout.toMillis()));
            if (sender.isAlive()) {
                synchronized (lock) {
                    stopNow = true;
                    lock.notifyAll();
                }
                sender.interrupt(); // abandons a request in flight
                sender.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lock) {
            closed = true;
            long undeliveredPoints = pendingPointsLocked();
            long undeliveredArtifacts = memoryArtifacts + spoolArtifacts;
            if (undeliveredPoints + undeliveredArtifacts > 0) {
                spool.persist(new ArrayList<>(memory));
                spool.close();
                spoolArtifacts += memoryArtifacts;
                memory.clear();
                memoryPoints = 0;
                memoryArtifacts = 0;
                LOG.warn("run {}: {} point(s) and {} artifact(s) could not be delivered to {} within {}; they are kept in {} "
                        + "and will be sent by the next tracker of this run", runId, undeliveredPoints, undeliveredArtifacts,
                        metricsUri, closeTimeout, spool.file());
            } else {
                spool.close();
            }
            if (rejectedPoints + rejectedArtifacts > 0) {
                LOG.warn("run {}: the server rejected {} point(s) and {} artifact(s) (see the errors above)", runId, rejectedPoints,
                        rejectedArtifacts);
            }
            lock.notifyAll();
        }
    }

    /** Points acknowledged by the server. */
    public long deliveredPoints() {
        synchronized (lock) {
            return deliveredPoints;
        }
    }

    /** Points the server refused with a 4xx (they would never succeed). */
    public long rejectedPoints() {
        synchronized (lock) {
            return rejectedPoints;
        }
    }

    /** Points queued and not yet acknowledged; after close, the points that could not be delivered. */
    public long pendingPoints() {
        synchronized (lock) {
            return pendingPointsLocked();
        }
    }

    /** The file that holds the overflow of the queue (it exists only while there is some). */
    public Path spoolFile() {
        return spool.file();
    }

    private long pendingPointsLocked() {
        return memoryPoints + spool.unreadPoints();
    }

    private void enqueue(QueuedItem item) {
        synchronized (lock) {
            if (closing) {
                throw new IllegalStateException("tracker of run " + runId + " is closed");
            }
            boolean wasEmpty = memory.isEmpty() && !spool.hasUnread();
            if (wasEmpty) {
                waitingSince = System.nanoTime();
            }
            // once anything is spooled, everything after it is too, or the order would break
            if (spool.hasUnread() || (item.isPoint() && memoryPoints >= maxBufferedPoints)) {
                if (!spool.hasUnread()) {
                    LOG.warn("run {}: more than {} points wait for the server; spilling to {}", runId, maxBufferedPoints, spool.file());
                }
                spool.append(item);
                spoolArtifacts += item.isPoint() ? 0 : 1;
            } else {
                memory.addLast(item);
                memoryPoints += item.isPoint() ? 1 : 0;
                memoryArtifacts += item.isPoint() ? 0 : 1;
            }
            enqueuedItems++;
            if (wasEmpty || !item.isPoint() || pendingPointsLocked() >= batchSize) {
                lock.notifyAll();
            }
        }
    }

    // ---- the sender thread ----

    private enum Outcome { DELIVERED, REJECTED, RETRY }

    private void runSender() {
        long backoffMs = initialBackoffMs;
        int failures = 0;
        while (true) {
            List<QueuedItem> batch;
            synchronized (lock) {
                if (!awaitReadyBatch()) {
                    return;
                }
                if (memory.isEmpty()) {
                    List<QueuedItem> loaded = spool.load(maxBufferedPoints);
                    for (QueuedItem item : loaded) {
                        memory.addLast(item);
                        memoryPoints += item.isPoint() ? 1 : 0;
                        memoryArtifacts += item.isPoint() ? 0 : 1;
                        spoolArtifacts -= item.isPoint() ? 0 : 1;
                    }
                    loadedFromSpool = loaded.size();
                    if (loaded.isEmpty()) {
                        continue;
                    }
                }
                batch = headBatch();
            }
            Outcome outcome = send(batch, failures);
            synchronized (lock) {
                if (outcome == Outcome.RETRY) {
                    failures++;
                    if (stopNow) {
                        return;
                    }
                    // the whole backoff: new points notify the lock, and waking on them would resend
                    // as fast as training logs, hammering a server that is down or said 429/503
                    // except that close() cuts the one wait it lands in short: one attempt at once, then
                    // the backoff again
                    long until = System.nanoTime() + backoffMs * 1_000_000L;
                    boolean wasClosing = closing;
                    for (long left = backoffMs; left > 0 && !stopNow && closing == wasClosing;
                            left = (until - System.nanoTime()) / 1_000_000L) {
                        waitOn(left);
                    }
                    backoffMs = Math.min(maxBackoffMs, backoffMs * 2);
                    continue;
                }
                if (failures > 0) {
                    LOG.info("run {}: the server answered again after {} failed attempt(s)", runId, failures);
                }
                failures = 0;
                backoffMs = initialBackoffMs;
                complete(batch, outcome);
            }
        }
    }

    /** Waits (holding the lock) until a batch should go; false when the sender should end. */
    private boolean awaitReadyBatch() {
        while (true) {
            if (stopNow) {
                return false;
            }
            boolean empty = memory.isEmpty() && !spool.hasUnread();
            if (empty) {
                if (closing) {
                    return false;
                }
                waitOn(0);
                continue;
            }
            long dueIn = waitingSince + flushIntervalNanos - System.nanoTime();
            if (closing || completedItems < flushTarget || memoryArtifacts + spoolArtifacts > 0
                    || pendingPointsLocked() >= batchSize || dueIn <= 0) {
                return true;
            }
            waitOn(Math.max(1, dueIn / 1_000_000));
        }
    }

    /** The head of the queue: one artifact alone, or up to batchSize points. */
    private List<QueuedItem> headBatch() {
        List<QueuedItem> batch = new ArrayList<>();
        for (QueuedItem item : memory) {
            if (!item.isPoint()) {
                if (batch.isEmpty()) {
                    batch.add(item);
                }
                break;
            }
            batch.add(item);
            if (batch.size() == batchSize) {
                break;
            }
        }
        return batch;
    }

    private void complete(List<QueuedItem> batch, Outcome outcome) {
        for (int i = 0; i < batch.size(); i++) {
            QueuedItem item = memory.removeFirst();
            if (item.isPoint()) {
                memoryPoints--;
                if (outcome == Outcome.DELIVERED) {
                    deliveredPoints++;
                } else {
                    rejectedPoints++;
                }
            } else {
                memoryArtifacts--;
                if (outcome == Outcome.REJECTED) {
                    rejectedArtifacts++;
                }
            }
        }
        completedItems += batch.size();
        if (loadedFromSpool > 0) {
            loadedFromSpool -= Math.min(loadedFromSpool, batch.size());
            if (loadedFromSpool == 0) {
                spool.commitLoaded();
            }
        }
        waitingSince = System.nanoTime();
        lock.notifyAll();
    }

    private Outcome send(List<QueuedItem> batch, int failuresSoFar) {
        URI uri;
        String body;
        if (batch.get(0).isPoint()) {
            JsonArray points = new JsonArray(batch.size());
            for (QueuedItem item : batch) {
                points.add(item.toApiJson());
            }
            JsonObject json = new JsonObject();
            json.add("points", points);
            uri = metricsUri;
            body = json.toString();
        } else {
            uri = artifactsUri;
            body = batch.get(0).toApiJson().toString();
        }
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        String what = batch.get(0).isPoint() ? batch.size() + " point(s)" : "artifact " + ((QueuedItem.Artifact) batch.get(0)).artifact().path();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return Outcome.DELIVERED;
            }
            if (status >= 500 || status == 408 || status == 429) {
                if (failuresSoFar == 0) {
                    LOG.warn("run {}: the server answered {} to {}; retrying until it accepts them", runId, status, what);
                }
                return Outcome.RETRY;
            }
            LOG.error("run {}: the server rejected {} with {} {}; dropping them, as re-sending cannot succeed", runId, what, status,
                    response.body());
            return Outcome.REJECTED;
        } catch (IOException e) {
            if (failuresSoFar == 0) {
                LOG.warn("run {}: cannot reach {} ({}); retrying, nothing is dropped", runId, uri, e.toString());
            }
            return Outcome.RETRY;
        } catch (InterruptedException e) {
            // only close() interrupts the sender, once its deadline has passed
            return Outcome.RETRY;
        }
    }

    private void waitOn(long millis) {
        try {
            lock.wait(millis);
        } catch (InterruptedException e) {
            // close() sets stopNow before interrupting; the loops check it
        }
    }

    /** Builds an {@link HttpTracker}: {@code setX} are required, {@code optX} have defaults. */
    public static final class Builder {
        private URI server;
        private long runId = -1;
        private String token;
        private Path runDir;
        private int batchSize = 2_000;
        private Duration flushInterval = Duration.ofSeconds(2);
        private Path spoolDir = Path.of(System.getProperty("java.io.tmpdir"), "telltale-spool");
        private int maxBufferedPoints = 100_000;
        private Duration closeTimeout = Duration.ofSeconds(30);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration initialBackoff = Duration.ofMillis(250);
        private Duration maxBackoff = Duration.ofSeconds(30);

        private Builder() {
        }

        /** The server's base address, e.g. {@code http://localhost:8080}. */
        public Builder setServer(URI server) {
            this.server = server;
            return this;
        }

        public Builder setRunId(long runId) {
            this.runId = runId;
            return this;
        }

        /** The bearer token the server gave this run. */
        public Builder setToken(String token) {
            this.token = token;
            return this;
        }

        /** The run's folder ({@code runs/<id>/} in the server's data folder); artifact paths are sent relative to it. */
        public Builder setRunDir(Path runDir) {
            this.runDir = runDir;
            return this;
        }

        /** Points a request, 1 to {@value HttpTracker#MAX_BATCH_SIZE} (default 2000). */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** How long a point may wait for a full batch (default 2 s). */
        public Builder optFlushInterval(Duration flushInterval) {
            this.flushInterval = flushInterval;
            return this;
        }

        /** Where the overflow goes while the server is away (default {@code <tmp>/telltale-spool}). */
        public Builder optSpoolDir(Path spoolDir) {
            this.spoolDir = spoolDir;
            return this;
        }

        /** Points held in memory before the queue spills to the spool (default 100,000). */
        public Builder optMaxBufferedPoints(int maxBufferedPoints) {
            this.maxBufferedPoints = maxBufferedPoints;
            return this;
        }

        /** How long close() (and flush()) wait for the server (default 30 s). */
        public Builder optCloseTimeout(Duration closeTimeout) {
            this.closeTimeout = closeTimeout;
            return this;
        }

        /** Connect and answer timeout of one request (default 30 s). */
        public Builder optRequestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        /** The first wait after a failed request, doubled on each failure up to {@code max} (default 250 ms, 30 s). */
        public Builder optRetryBackoff(Duration initial, Duration max) {
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        public HttpTracker build() {
            if (server == null) {
                throw new IllegalArgumentException("server must be set");
            }
            if (!"http".equals(server.getScheme()) && !"https".equals(server.getScheme())) {
                throw new IllegalArgumentException("server must be an http(s) address, got " + server);
            }
            if (runId <= 0) {
                throw new IllegalArgumentException("runId must be set to a positive id, got " + runId);
            }
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("token must be set");
            }
            if (runDir == null) {
                throw new IllegalArgumentException("runDir must be set");
            }
            if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
                throw new IllegalArgumentException("batchSize must be in 1.." + MAX_BATCH_SIZE + ", got " + batchSize);
            }
            requirePositive("flushInterval", flushInterval);
            requirePositive("closeTimeout", closeTimeout);
            requirePositive("requestTimeout", requestTimeout);
            requirePositive("initial retry backoff", initialBackoff);
            requirePositive("max retry backoff", maxBackoff);
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("max retry backoff " + maxBackoff + " is shorter than the initial " + initialBackoff);
            }
            if (spoolDir == null) {
                throw new IllegalArgumentException("spoolDir must not be null");
            }
            if (maxBufferedPoints < 1) {
                throw new IllegalArgumentException("maxBufferedPoints must be >= 1, got " + maxBufferedPoints);
            }
            return new HttpTracker(this);
        }

        private static void requirePositive(String name, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
            }
        }
    }
}
