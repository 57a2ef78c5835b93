package dev.telltale.backend.store;

import static dev.telltale.db.generated.Tables.RUN;
import static dev.telltale.db.generated.Tables.RUN_ATTEMPT;

import dev.telltale.db.generated.tables.records.RunAttemptRecord;
import dev.telltale.db.generated.tables.records.RunRecord;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * The execution side of launched runs: the queue, attempts, workers, progress. A run's first
 * attempt is queued when it is created; resume queues the next one from a checkpoint.
 */
public final class Executions {

    private final DSLContext dsl;
    private final EventLog log;
    private final RunStore runs;

    public Executions(DSLContext dsl, EventLog log, RunStore runs) {
        this.dsl = dsl;
        this.log = log;
        this.runs = runs;
    }

    /** One attempt of a run. */
    public record Attempt(
            int attempt, String status, String resumeFrom, Long resumeStep, String device, Long pid, OffsetDateTime queuedAt,
            OffsetDateTime startedAt, OffsetDateTime endedAt, String error) {}

    static void queueAttempt(DSLContext tx, long runId, int attempt, String resumeFrom, Long resumeStep, OffsetDateTime now) {
        tx.insertInto(RUN_ATTEMPT)
                .set(RUN_ATTEMPT.RUN_ID, runId)
                .set(RUN_ATTEMPT.ATTEMPT, attempt)
                .set(RUN_ATTEMPT.STATUS, RunStatus.QUEUED.name())
                .set(RUN_ATTEMPT.RESUME_FROM, resumeFrom)
                .set(RUN_ATTEMPT.RESUME_STEP, resumeStep)
                .set(RUN_ATTEMPT.QUEUED_AT, now)
                .execute();
        tx.update(RUN).set(RUN.ATTEMPT, attempt).where(RUN.ID.eq(runId)).execute();
    }

    /** The next launched run waiting for one of these device kinds: highest priority, then oldest. */
    public Optional<RunView> nextQueued(Collection<String> deviceKinds) {
        return dsl.select(RUN.ID).from(RUN)
                .where(RUN.STATUS.eq(RunStatus.QUEUED.name()).and(RUN.EXTERNAL.isFalse()).and(RUN.DEVICE_KIND.in(deviceKinds)))
                .orderBy(RUN.PRIORITY.desc(), RUN.ID.asc())
                .limit(1)
                .fetchOptional(RUN.ID)
                .flatMap(runs::get);
    }

    public List<RunView> queued() {
        return dsl.select(RUN.ID).from(RUN)
                .where(RUN.STATUS.eq(RunStatus.QUEUED.name()).and(RUN.EXTERNAL.isFalse()))
                .orderBy(RUN.PRIORITY.desc(), RUN.ID.asc())
                .fetch(RUN.ID).stream().map(runs::require).toList();
    }

    /** Launched runs the database says are running (after a restart: to adopt or to fail). */
    public List<RunView> running() {
        return dsl.select(RUN.ID).from(RUN)
                .where(RUN.STATUS.eq(RunStatus.RUNNING.name()).and(RUN.EXTERNAL.isFalse()))
                .fetch(RUN.ID).stream().map(runs::require).toList();
    }

    /** QUEUED → RUNNING on a device with a worker process. */
    public RunView started(long runId, String device, long pid, Long pidStartMillis, String workerTokenSha256) {
        return log.write(w -> {
            RunRecord r = w.tx().fetchOne(RUN, RUN.ID.eq(runId));
            if (r == null || !RunStatus.QUEUED.name().equals(r.getStatus())) {
                throw new ConflictException("status", "run " + runId + " is not queued");
            }
            OffsetDateTime now = RunStore.now();
            r.setStatus(RunStatus.RUNNING.name());
            r.setStartedAt(now);
            r.setFinishedAt(null);
            r.setError(null);
            r.setUpdatedAt(now);
            r.setDevice(device);
            r.setWorkerPid(pid);
            r.setWorkerStartedAt(pidStartMillis);
            r.setWorkerTokenSha256(workerTokenSha256);
            r.setHeartbeatAt(now);
            r.store();
            w.tx().update(RUN_ATTEMPT)
                    .set(RUN_ATTEMPT.STATUS, RunStatus.RUNNING.name())
                    .set(RUN_ATTEMPT.STARTED_AT, now)
                    .set(RUN_ATTEMPT.DEVICE, device)
                    .set(RUN_ATTEMPT.PID, pid)
                    .where(RUN_ATTEMPT.RUN_ID.eq(runId).and(RUN_ATTEMPT.ATTEMPT.eq(r.getAttempt())))
                    .execute();
            RunView view = RunStore.read(w.tx(), runId).orElseThrow();
            runs.recordEvent(w, view, StoredEvent.Type.STATUS, RunStatus.RUNNING.name());
            return view;
        });
    }

    /** A worker's heartbeat: the step it reached and how many it has in all. */
    public void heartbeat(long runId, long step, Long totalSteps) {
        int n = dsl.update(RUN)
                .set(RUN.STEP, step)
                .set(RUN.TOTAL_STEPS, totalSteps)
                .set(RUN.HEARTBEAT_AT, RunStore.now())
                .where(RUN.ID.eq(runId))
                .execute();
        if (n == 0) {
            throw RunStore.notFound(runId);
        }
    }

    /**
     * The worker process of the current attempt has ended. A run the worker did not finish itself
     * becomes {@code outcome} (FAILED or CANCELLED) with {@code error}; the attempt is closed.
     */
    public RunView ended(long runId, int attempt, RunStatus outcome, String error) {
        return log.write(w -> {
            RunRecord r = w.tx().fetchOne(RUN, RUN.ID.eq(runId));
            if (r == null) {
                throw RunStore.notFound(runId);
            }
            OffsetDateTime now = RunStore.now();
            String finalStatus = r.getStatus();
            if (RunStatus.RUNNING.name().equals(r.getStatus()) && r.getAttempt() == attempt) {
                finalStatus = outcome.name();
                r.setStatus(finalStatus);
                r.setError(error);
                r.setFinishedAt(now);
                r.setUpdatedAt(now);
                r.store();
                RunView view = RunStore.read(w.tx(), runId).orElseThrow();
                runs.recordEvent(w, view, StoredEvent.Type.STATUS, finalStatus);
            }
            w.tx().update(RUN_ATTEMPT)
                    .set(RUN_ATTEMPT.STATUS, finalStatus)
                    .set(RUN_ATTEMPT.ENDED_AT, now)
                    .set(RUN_ATTEMPT.ERROR, RunStatus.FINISHED.name().equals(finalStatus) ? null : (r.getError() == null ? error : r.getError()))
                    .where(RUN_ATTEMPT.RUN_ID.eq(runId).and(RUN_ATTEMPT.ATTEMPT.eq(attempt)))
                    .execute();
            return RunStore.read(w.tx(), runId).orElseThrow();
        });
    }

    /** A queued run that never started is cancelled at once. */
    public RunView cancelQueued(long runId) {
        RunView v = runs.setStatus(runId, RunStatus.CANCELLED, "cancelled before it started");
        dsl.update(RUN_ATTEMPT).set(RUN_ATTEMPT.STATUS, RunStatus.CANCELLED.name()).set(RUN_ATTEMPT.ENDED_AT, RunStore.now())
                .where(RUN_ATTEMPT.RUN_ID.eq(runId).and(RUN_ATTEMPT.ATTEMPT.eq(v.execution().attempt()))).execute();
        return v;
    }

    /** FAILED or CANCELLED → QUEUED as a new attempt that resumes from {@code checkpoint} (relative to the run folder). */
    public RunView resume(long runId, String checkpoint, long step) {
        return log.write(w -> {
            RunRecord r = w.tx().fetchOne(RUN, RUN.ID.eq(runId));
            if (r == null) {
                throw RunStore.notFound(runId);
            }
            if (Boolean.TRUE.equals(r.getExternal())) {
                throw new ConflictException("runId", "run " + runId + " is tracked, not launched by this server: nothing to resume here");
            }
            RunStatus status = RunStatus.valueOf(r.getStatus());
            if (status != RunStatus.FAILED && status != RunStatus.CANCELLED) {
                throw new ConflictException("status", "run " + runId + " is " + status + ": only a failed or cancelled run resumes");
            }
            OffsetDateTime now = RunStore.now();
            int attempt = r.getAttempt() + 1;
            queueAttempt(w.tx(), runId, attempt, checkpoint, step, now);
            w.tx().update(RUN).set(RUN.STATUS, RunStatus.QUEUED.name()).set(RUN.UPDATED_AT, now).set(RUN.ERROR, (String) null)
                    .set(RUN.FINISHED_AT, (OffsetDateTime) null).where(RUN.ID.eq(runId)).execute();
            RunView view = RunStore.read(w.tx(), runId).orElseThrow();
            runs.recordEvent(w, view, StoredEvent.Type.STATUS, RunStatus.QUEUED.name());
            return view;
        });
    }

    public Optional<Attempt> attempt(long runId, int attempt) {
        return dsl.selectFrom(RUN_ATTEMPT).where(RUN_ATTEMPT.RUN_ID.eq(runId).and(RUN_ATTEMPT.ATTEMPT.eq(attempt)))
                .fetchOptional(Executions::view);
    }

    public List<Attempt> attempts(long runId) {
        return dsl.selectFrom(RUN_ATTEMPT).where(RUN_ATTEMPT.RUN_ID.eq(runId)).orderBy(RUN_ATTEMPT.ATTEMPT).fetch(Executions::view);
    }

    /** When the run's worker process started (epoch ms), to tell it from a later process with the same pid. */
    public Optional<Long> workerStartedAt(long runId) {
        return dsl.select(RUN.WORKER_STARTED_AT).from(RUN).where(RUN.ID.eq(runId)).fetchOptional(RUN.WORKER_STARTED_AT);
    }

    /** The SHA-256 of the run's worker token, to authenticate its writes. */
    public Optional<String> workerTokenSha256(long runId) {
        return dsl.select(RUN.WORKER_TOKEN_SHA256).from(RUN).where(RUN.ID.eq(runId)).fetchOptional(RUN.WORKER_TOKEN_SHA256);
    }

    private static Attempt view(RunAttemptRecord a) {
        return new Attempt(a.getAttempt(), a.getStatus(), a.getResumeFrom(), a.getResumeStep(), a.getDevice(), a.getPid(),
                a.getQueuedAt(), a.getStartedAt(), a.getEndedAt(), a.getError());
    }
}
