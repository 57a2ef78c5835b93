package dev.telltale.experiments.cli;

import dev.telltale.experiments.catalog.Catalog;
import dev.telltale.experiments.track.ForwardingTracker;
import dev.telltale.experiments.track.HttpTracker;
import dev.telltale.experiments.track.RunReporter;
import dev.telltale.experiments.track.Tracker;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A training run under the server: metrics and artifacts through the HTTP tracker, a heartbeat
 * with progress, the final status, and a graceful stop on SIGTERM (the server's cancel): the
 * training loop writes a checkpoint at its current step and the process exits.
 */
final class Worker {

    /**
     * What {@link #run} returns when stopped before its last step (0 means it finished). A JVM ended
     * by SIGTERM exits 143 whatever run returns: non-zero either way, which is what the server reads.
     */
    static final int STOPPED = 3;

    /** How long SIGTERM waits for the loop to checkpoint and stop. */
    static final long STOP_GRACE_SECONDS = 60;

    private Worker() {}

    static int run(Args a, PrintStream out, PrintStream err) throws Exception {
        String token = System.getenv("TELLTALE_TOKEN");
        if (token == null || token.isBlank()) {
            throw new UsageException("--server needs the run's token in TELLTALE_TOKEN");
        }
        long runId;
        try {
            runId = Long.parseLong(a.require("--run-id"));
        } catch (NumberFormatException e) {
            throw new UsageException("--run-id must be a number");
        }
        URI server = URI.create(a.get("--server"));
        Train.Request base = Cli.trainRequest(a);
        long total = Catalog.load().resolve(base.model(), base.dataset(), base.preset(), base.overrides()).getInt("steps");
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.set(true);
            try {
                done.await(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "telltale-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try (RunReporter reporter = new RunReporter(server, runId, token, Duration.ofSeconds(2))) {
            reporter.progress(0, total);
            reporter.start();
            Train.Request request = new Train.Request(base.model(), base.dataset(), base.preset(), base.overrides(), base.out(),
                    base.resume(), base.judgeCache(), base.evaluate(),
                    dir -> new Progress(HttpTracker.builder().setServer(server).setRunId(runId).setToken(token)
                            .setRunDir(dir).optSpoolDir(dir.resolve(".spool")).optFlushInterval(Duration.ofMillis(500)).build(),
                            reporter, total),
                    stop::get);
            try {
                Train.Outcome o = Train.run(request);
                if (stop.get()) {
                    // stopped by a signal at a checkpoint, not finished: the server tells the two
                    // apart by the exit code when a status report did not get through
                    out.println("stopped: " + o.model() + ", checkpoint " + o.checkpoint());
                    return STOPPED;
                }
                reporter.status("FINISHED", null);
                out.println("done: " + o.model() + ", checkpoint " + o.checkpoint());
                return 0;
            } catch (Exception | Error e) {
                err.println("telltale: the run failed: " + e);
                e.printStackTrace(err);
                reporter.status("FAILED", e.toString());
                return 1;
            }
        } finally {
            done.countDown();
        }
    }

    /** Passes everything on and tells the reporter how far training has come. */
    private static final class Progress extends ForwardingTracker {
        private final RunReporter reporter;
        private final long total;

        Progress(Tracker inner, RunReporter reporter, long total) {
            super(inner);
            this.reporter = reporter;
            this.total = total;
        }

        @Override
        public void scalar(String key, long step, double value) {
            inner.scalar(key, step, value);
            if (key.startsWith("loss/")) {
                reporter.progress(step, total);
            }
        }

        @Override
        public void evaluation(long step, String metric, double mean, Double std, Integer n, String evaluator) {
            // after the metric points of the same step, so the series and the table agree
            inner.flush();
            reporter.evaluation(step, metric, mean, std, n, evaluator);
        }
    }
}
