package dev.telltale.backend.jobs;

import dev.telltale.backend.store.ConflictException;
import dev.telltale.backend.store.Executions;
import dev.telltale.backend.store.RunStatus;
import dev.telltale.backend.store.RunView;
import dev.telltale.backend.store.Tracking;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts queued runs as worker processes on free device slots and watches them. All decisions
 * happen on one scheduler thread; process exits and cancels are handed to it. A worker's stdout
 * and stderr go straight to {@code runs/<id>/worker.log} (not through this JVM), so a worker
 * outlives a server restart and is adopted again by its process id and run id.
 */
public final class Scheduler implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Scheduler.class.getName());
    public static final String LOG_FILE = "worker.log";
    public static final String LAUNCH_FILE = "launch.json";

    private final Tracking tracking;
    private final Executions executions;
    private final SchedulerConfig config;
    private final WorkerTokens tokens;
    private final String serverUrl;
    private final ScheduledExecutorService loop;
    /** slot name (cpu:0, gpu:0) → run using it, or null. Only touched on the scheduler thread. */
    private final Map<String, Long> slots = new LinkedHashMap<>();
    private final Map<Long, Worker> workers = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private record Worker(long runId, int attempt, String slot, ProcessHandle handle, Process process, AtomicBoolean cancelling) {}

    /** A slot and what runs on it, for the API. */
    public record Slot(String name, String kind, Long runId) {}

    public Scheduler(Tracking tracking, SchedulerConfig config, WorkerTokens tokens, String serverUrl) {
        this.tracking = tracking;
        this.executions = tracking.executions();
        this.config = config;
        this.tokens = tokens;
        this.serverUrl = serverUrl;
        for (int i = 0; i < config.cpuSlots(); i++) {
            slots.put("cpu:" + i, null);
        }
        for (int i = 0; i < config.gpuSlots(); i++) {
            slots.put("gpu:" + i, null);
        }
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "telltale-scheduler");
            t.setDaemon(true);
            return t;
        });
    }

    /** Adopts or fails runs left RUNNING, then dispatches every half second and on {@link #wake()}. */
    public void start() {
        loop.execute(this::adopt);
        loop.scheduleWithFixedDelay(this::dispatchSafely, 0, 500, TimeUnit.MILLISECONDS);
    }

    /** Whether any slot of this device kind (cpu, gpu) exists, so a run of that kind can ever start. */
    public boolean hasSlotKind(String kind) {
        return kind.equals("cpu") ? config.cpuSlots() > 0 : kind.equals("gpu") && config.gpuSlots() > 0;
    }

    public void wake() {
        if (!closed) {
            loop.execute(this::dispatchSafely);
        }
    }

    public List<Slot> slots() {
        try {
            return loop.submit(() -> {
                List<Slot> out = new ArrayList<>();
                slots.forEach((name, run) -> out.add(new Slot(name, name.substring(0, name.indexOf(':')), run)));
                return out;
            }).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the scheduler does not answer", e);
        }
    }

    private void dispatchSafely() {
        try {
            dispatch();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "scheduling failed", e);
        }
    }

    private void dispatch() {
        if (closed) {
            return;
        }
        for (Map.Entry<String, Long> slot : slots.entrySet()) {
            if (slot.getValue() != null) {
                continue;
            }
            String kind = slot.getKey().substring(0, slot.getKey().indexOf(':'));
            Optional<RunView> next = executions.nextQueued(List.of(kind));
            if (next.isPresent()) {
                launch(next.get(), slot.getKey());
            }
        }
    }

    private void launch(RunView run, String slot) {
        long id = run.id();
        int attempt = run.execution().attempt();
        Path runDir = tracking.folder().ensureRunDir(id);
        Path log = runDir.resolve(LOG_FILE);
        List<String> cmd = new ArrayList<>();
        cmd.add(config.javaBinary());
        cmd.add("-Xmx" + config.workerHeap());
        if (slot.startsWith("cpu")) {
            cmd.add("-Dai.djl.pytorch.num_threads=" + config.threadsPerCpuSlot());
            cmd.add("-Dai.djl.pytorch.num_interop_threads=1");
        }
        cmd.add("-Dorg.jooq.no-logo=true");
        cmd.add("-cp");
        cmd.add(config.classpath());
        cmd.add("dev.telltale.experiments.cli.Cli");
        cmd.add("train");
        cmd.add("--spec");
        cmd.add(runDir.resolve(LAUNCH_FILE).toString());
        cmd.add("--out");
        cmd.add(runDir.toString());
        cmd.add("--server");
        cmd.add(serverUrl);
        cmd.add("--run-id");
        cmd.add(Long.toString(id));
        cmd.add("--judge-cache");
        cmd.add(tracking.folder().cacheDir().resolve("judges").toString());
        cmd.add("--set");
        cmd.add("device=" + (slot.startsWith("gpu") ? slot : "cpu"));
        Optional<Executions.Attempt> a = executions.attempt(id, attempt);
        if (a.isPresent() && a.get().resumeFrom() != null) {
            cmd.add("--resume");
            cmd.add(runDir.resolve(a.get().resumeFrom()).toString());
        }
        if (!LaunchSpec.evaluate(run.execution().specJson())) {
            cmd.add("--no-eval");
        }
        String token = tokens.issue(id);
        Process process;
        try {
            Files.writeString(runDir.resolve(LAUNCH_FILE), run.execution().specJson(), StandardCharsets.UTF_8);
            Files.writeString(log, "=== attempt " + attempt + " on " + slot + " at " + OffsetDateTime.now() + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .directory(runDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().put("TELLTALE_TOKEN", token);
            process = pb.start();
        } catch (IOException e) {
            tokens.forget(id);
            executions.started(id, slot, -1, null, WorkerTokens.sha256(token));
            executions.ended(id, attempt, RunStatus.FAILED, "could not start the worker: " + e.getMessage());
            return;
        }
        executions.started(id, slot, process.pid(), startMillis(process.toHandle()), WorkerTokens.sha256(token));
        Worker w = new Worker(id, attempt, slot, process.toHandle(), process, new AtomicBoolean());
        slots.put(slot, id);
        workers.put(id, w);
        LOG.info("run " + id + " attempt " + attempt + " started on " + slot + " as pid " + process.pid());
        process.onExit().thenRun(() -> loop.execute(() -> exited(w)));
    }

    private void exited(Worker w) {
        // only this worker's entries: a later attempt of the same run may hold them by now
        if (workers.remove(w.runId(), w)) {
            tokens.forget(w.runId());
        }
        // an adopted worker may have run outside any slot (the server restarted with fewer)
        if (w.slot() != null && Long.valueOf(w.runId()).equals(slots.get(w.slot()))) {
            slots.put(w.slot(), null);
        }
        Path log = tracking.folder().runDir(w.runId()).resolve(LOG_FILE);
        String why;
        RunStatus outcome;
        if (w.cancelling().get()) {
            outcome = RunStatus.CANCELLED;
            why = "cancelled";
        } else if (w.process() != null && w.process().exitValue() == 0) {
            // the worker exits 0 only after its last step; its FINISHED report may not have got
            // through (a server restart, a timeout), but the run is done, not failed
            outcome = RunStatus.FINISHED;
            why = null;
        } else {
            outcome = RunStatus.FAILED;
            String code = w.process() != null ? "with code " + w.process().exitValue() : "";
            why = "the worker exited " + code + " before finishing; the end of its log:\n" + tail(log, 40);
        }
        try {
            // the log is complete once the process has gone; registering it before the attempt is
            // closed means whoever sees the attempt ended also finds its log
            if (Files.isRegularFile(log)) {
                try {
                    Long step = tracking.runs().require(w.runId()).execution().step();
                    tracking.artifacts().register(w.runId(), "log", LOG_FILE, step, null);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "could not register the log of run " + w.runId(), e);
                }
            }
            RunView after = executions.ended(w.runId(), w.attempt(), outcome, why);
            LOG.info("run " + w.runId() + " attempt " + w.attempt() + " ended: " + after.status());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "could not record the end of run " + w.runId(), e);
        }
        dispatchSafely();
    }

    /**
     * Cancels a run: a queued one at once; a running one by SIGTERM (its worker checkpoints and
     * stops), then SIGKILL after the grace period. Returns the run as it is now.
     */
    public RunView cancel(long runId) {
        if (closed) {
            return cancelNow(runId);
        }
        // on the scheduler thread, like every launch: a cancel read between a launch's look at the queue
        // and its worker's registration would mark the run cancelled and leave that worker running
        java.util.concurrent.Future<RunView> done = loop.submit(() -> cancelNow(runId));
        try {
            return done.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the scheduler does not answer", e);
        }
    }

    private RunView cancelNow(long runId) {
        RunView run = tracking.runs().require(runId);
        if (run.status() == RunStatus.QUEUED && !run.execution().external()) {
            return executions.cancelQueued(runId);
        }
        Worker w = workers.get(runId);
        if (run.status() == RunStatus.RUNNING && w != null) {
            if (w.cancelling().compareAndSet(false, true)) {
                LOG.info("cancelling run " + runId + " (pid " + w.handle().pid() + ")");
                w.handle().destroy();
                loop.schedule(() -> {
                    if (w.handle().isAlive()) {
                        LOG.warning("run " + runId + " did not stop within the grace period: killing it");
                        w.handle().destroyForcibly();
                    }
                }, config.cancelGrace().toMillis(), TimeUnit.MILLISECONDS);
            }
            return run;
        }
        if (run.status() == RunStatus.RUNNING) {
            throw new ConflictException("runId", "run " + runId + " is not run by this server's workers (a tracked run): stop it where it runs");
        }
        throw new ConflictException("status", "run " + runId + " is " + run.status() + ": nothing to cancel");
    }

    /** After a restart: live workers of RUNNING runs are watched again, dead ones' runs fail (resumable). */
    private void adopt() {
        for (RunView run : executions.running()) {
            Long pid = run.execution().workerPid();
            // same pid and same start time: the worker itself, not a later process that reused its pid
            Long started = executions.workerStartedAt(run.id()).orElse(null);
            Optional<ProcessHandle> handle = pid == null || started == null ? Optional.empty() : ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(h -> started.equals(startMillis(h)));
            int attempt = run.execution().attempt();
            if (handle.isPresent()) {
                String slot = run.execution().device() != null && slots.containsKey(run.execution().device())
                        && slots.get(run.execution().device()) == null ? run.execution().device() : freeSlot(run.execution().deviceKind());
                executions.workerTokenSha256(run.id()).ifPresent(sha -> tokens.remember(run.id(), sha));
                Worker w = new Worker(run.id(), attempt, slot, handle.get(), null, new AtomicBoolean());
                workers.put(run.id(), w);
                if (slot != null) {
                    slots.put(slot, run.id());
                }
                LOG.info("adopted the live worker of run " + run.id() + " (pid " + pid + ")");
                handle.get().onExit().thenRun(() -> loop.execute(() -> exited(w)));
            } else {
                tokens.forget(run.id());
                executions.ended(run.id(), attempt, RunStatus.FAILED,
                        "the server restarted and the worker" + (pid == null ? "" : " (pid " + pid + ")")
                                + " is gone; resume to continue from the newest checkpoint");
            }
        }
    }

    private static Long startMillis(ProcessHandle h) {
        return h.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(null);
    }

    private String freeSlot(String kind) {
        for (Map.Entry<String, Long> e : slots.entrySet()) {
            if (e.getValue() == null && e.getKey().startsWith(kind)) {
                return e.getKey();
            }
        }
        return null;
    }

    /** Most bytes {@link #tail} reads from the end of a log, whatever the lines asked. */
    static final int TAIL_MAX_BYTES = 4 << 20;

    /**
     * The last {@code lines} lines of a file ("" if it does not exist), read from its end: a worker's
     * log has no size cap, so it is never read whole. Bytes that are not UTF-8 are replaced.
     */
    public static String tail(Path file, int lines) {
        if (!Files.isRegularFile(file)) {
            return "";
        }
        try (java.io.RandomAccessFile in = new java.io.RandomAccessFile(file.toFile(), "r")) {
            long end = in.length();
            long start = end;
            int newlines = 0;
            byte[] chunk = new byte[64 * 1024];
            // a line ending the file does not start another line
            long scanEnd = end;
            if (end > 0) {
                in.seek(end - 1);
                if (in.read() == '\n') {
                    scanEnd = end - 1;
                }
            }
            start = scanEnd;
            while (start > 0 && newlines < lines && end - start < TAIL_MAX_BYTES) {
                int n = (int) Math.min(chunk.length, start);
                in.seek(start - n);
                in.readFully(chunk, 0, n);
                int k = n - 1;
                for (; k >= 0; k--) {
                    if (chunk[k] == '\n' && ++newlines == lines) {
                        break;
                    }
                }
                start = k >= 0 ? start - n + k + 1 : start - n;
            }
            byte[] bytes = new byte[(int) (scanEnd - start)];
            in.seek(start);
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** Stops scheduling; running workers go on and are adopted by the next server on this data folder. */
    @Override
    public void close() {
        closed = true;
        loop.shutdownNow();
    }
}
