package dev.telltale.backend.store;

import static dev.telltale.db.generated.Tables.RUN;
import static dev.telltale.db.generated.Tables.RUN_EVENT;
import static dev.telltale.db.generated.Tables.RUN_TAG;

import dev.telltale.db.generated.tables.records.RunRecord;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SortField;
import org.jooq.impl.DSL;

/** Runs and their tags. Writes go through the {@link EventLog}; reads go straight to the database. */
public final class RunStore {

    private final DSLContext dsl;
    private final EventLog log;
    private final DataFolder folder;

    public RunStore(DSLContext dsl, EventLog log, DataFolder folder) {
        this.dsl = dsl;
        this.log = log;
        this.folder = folder;
    }

    public RunView create(NewRun spec) {
        return log.write(w -> {
            OffsetDateTime now = now();
            RunRecord r = w.tx().newRecord(RUN);
            r.setName(spec.name());
            r.setModel(spec.model());
            r.setDataset(spec.dataset());
            r.setPreset(spec.preset());
            r.setParams(spec.paramsJson() == null ? "{}" : spec.paramsJson());
            r.setSeed(spec.seed());
            r.setNotes(spec.notes() == null ? "" : spec.notes());
            r.setStatus(RunStatus.QUEUED.name());
            r.setCreatedAt(now);
            r.setUpdatedAt(now);
            r.setExternal(spec.external());
            r.setDeviceKind(spec.deviceKind() == null ? "cpu" : spec.deviceKind());
            r.setPriority(spec.priority());
            r.setSpec(spec.specJson());
            r.store();
            long id = r.getId();
            writeTags(w.tx(), id, spec.tags());
            if (!spec.external()) {
                Executions.queueAttempt(w.tx(), id, 1, null, null, now);
            }
            RunView view = read(w.tx(), id).orElseThrow();
            recordEvent(w, view, StoredEvent.Type.RUN, "created");
            w.afterCommit(() -> folder.ensureRunDir(id));
            return view;
        });
    }

    public Optional<RunView> get(long id) {
        return read(dsl, id);
    }

    public RunView require(long id) {
        return get(id).orElseThrow(() -> notFound(id));
    }

    public boolean exists(long id) {
        return dsl.fetchExists(RUN, RUN.ID.eq(id));
    }

    public RunPage list(RunQuery q) {
        List<Condition> where = new ArrayList<>();
        if (q.status() != null) {
            where.add(RUN.STATUS.eq(q.status().name()));
        }
        if (q.model() != null) {
            where.add(RUN.MODEL.eq(q.model()));
        }
        if (q.dataset() != null) {
            where.add(RUN.DATASET.eq(q.dataset()));
        }
        if (q.tag() != null) {
            where.add(DSL.exists(DSL.selectOne().from(RUN_TAG).where(RUN_TAG.RUN_ID.eq(RUN.ID)).and(RUN_TAG.TAG.eq(q.tag()))));
        }
        if (q.text() != null && !q.text().isBlank()) {
            String like = "%" + q.text().toLowerCase().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            where.add(DSL.lower(RUN.NAME).like(like, '\\').or(DSL.lower(RUN.NOTES).like(like, '\\')));
        }
        Condition cond = DSL.and(where);
        int total = dsl.fetchCount(RUN, cond);
        List<RunRecord> rows = dsl.selectFrom(RUN)
                .where(cond)
                .orderBy(sortFields(q.sort()))
                .limit(q.limit())
                .offset(q.offset())
                .fetch();
        Map<Long, List<String>> tags = tagsOf(dsl, rows.stream().map(RunRecord::getId).toList());
        List<RunView> runs = rows.stream().map(r -> view(r, tags.getOrDefault(r.getId(), List.of()))).toList();
        return new RunPage(runs, total, q.limit(), q.offset());
    }

    /** Edits name, notes and/or tags (null leaves a field as it is). */
    public RunView update(long id, String name, String notes, List<String> tags) {
        return log.write(w -> {
            RunRecord r = w.tx().fetchOne(RUN, RUN.ID.eq(id));
            if (r == null) {
                throw notFound(id);
            }
            if (name != null) {
                r.setName(name);
            }
            if (notes != null) {
                r.setNotes(notes);
            }
            r.setUpdatedAt(now());
            r.store();
            if (tags != null) {
                w.tx().deleteFrom(RUN_TAG).where(RUN_TAG.RUN_ID.eq(id)).execute();
                writeTags(w.tx(), id, tags);
            }
            RunView view = read(w.tx(), id).orElseThrow();
            recordEvent(w, view, StoredEvent.Type.RUN, "updated");
            return view;
        });
    }

    /** Moves a run to {@code status}, if its lifecycle allows it from where it is. */
    public RunView setStatus(long id, RunStatus status, String error) {
        return setStatus(id, status, error, false);
    }

    /**
     * As {@link #setStatus(long, RunStatus, String)}, for a status set through the API by someone
     * other than the run's worker: refused for a run this server launched.
     */
    public RunView setStatusByHand(long id, RunStatus status, String error) {
        return setStatus(id, status, error, true);
    }

    private RunView setStatus(long id, RunStatus status, String error, boolean byHand) {
        return log.write(w -> {
            RunRecord r = w.tx().fetchOne(RUN, RUN.ID.eq(id));
            if (r == null) {
                throw notFound(id);
            }
            RunStatus from = RunStatus.valueOf(r.getStatus());
            if (byHand && !Boolean.TRUE.equals(r.getExternal())) {
                // the scheduler owns a launched run's lifecycle: a status set by hand would leave its
                // worker training (and a resume could start a second one beside it)
                throw new ConflictException("status", "run " + id + " was launched by this server: its worker reports its status; "
                        + "use POST /api/runs/" + id + "/cancel or /resume");
            }
            if (!from.next().contains(status)) {
                throw new ConflictException("status", "run " + id + " is " + from + " and cannot become " + status);
            }
            OffsetDateTime now = now();
            r.setStatus(status.name());
            r.setUpdatedAt(now);
            if (status == RunStatus.RUNNING) {
                r.setStartedAt(now);
                r.setError(null);
            }
            if (status.isTerminal()) {
                r.setFinishedAt(now);
            }
            if (error != null) {
                r.setError(error);
            }
            r.store();
            RunView view = read(w.tx(), id).orElseThrow();
            recordEvent(w, view, StoredEvent.Type.STATUS, status.name());
            return view;
        });
    }

    /** A run event with seq > {@code afterSeq}: its type and the run as it is now. */
    public record RunEventView(long seq, StoredEvent.Type type, String what, RunView run) {}

    /** Run events with seq > {@code afterSeq} (of one run, or of all when runId is null), in seq order. */
    public List<RunEventView> since(Long runId, long afterSeq) {
        Condition cond = RUN_EVENT.SEQ.gt(afterSeq);
        if (runId != null) {
            cond = cond.and(RUN_EVENT.RUN_ID.eq(runId));
        }
        var events = dsl.selectFrom(RUN_EVENT).where(cond).orderBy(RUN_EVENT.SEQ).fetch();
        Map<Long, RunView> runs = new HashMap<>();
        List<RunEventView> out = new ArrayList<>(events.size());
        for (var e : events) {
            RunView run = runs.computeIfAbsent(e.getRunId(), id -> read(dsl, id).orElseThrow());
            out.add(new RunEventView(e.getSeq(), StoredEvent.Type.valueOf(e.getType()), e.getPayload(), run));
        }
        return out;
    }

    void recordEvent(EventLog.Write w, RunView view, StoredEvent.Type type, String what) {
        long seq = w.nextSeq();
        w.tx().insertInto(RUN_EVENT)
                .set(RUN_EVENT.SEQ, seq)
                .set(RUN_EVENT.RUN_ID, view.id())
                .set(RUN_EVENT.TYPE, type.name())
                .set(RUN_EVENT.PAYLOAD, what)
                .set(RUN_EVENT.CREATED_AT, view.updatedAt())
                .execute();
        w.emit(new StoredEvent(seq, view.id(), type, view));
    }

    private static void writeTags(DSLContext tx, long id, List<String> tags) {
        if (tags == null || tags.isEmpty()) {
            return;
        }
        var insert = tx.insertInto(RUN_TAG, RUN_TAG.RUN_ID, RUN_TAG.TAG);
        for (String tag : new java.util.LinkedHashSet<>(tags)) {
            insert = insert.values(id, tag);
        }
        insert.execute();
    }

    static Optional<RunView> read(DSLContext ctx, long id) {
        RunRecord r = ctx.fetchOne(RUN, RUN.ID.eq(id));
        if (r == null) {
            return Optional.empty();
        }
        return Optional.of(view(r, tagsOf(ctx, List.of(id)).getOrDefault(id, List.of())));
    }

    private static Map<Long, List<String>> tagsOf(DSLContext ctx, List<Long> ids) {
        Map<Long, List<String>> tags = new HashMap<>();
        if (ids.isEmpty()) {
            return tags;
        }
        ctx.select(RUN_TAG.RUN_ID, RUN_TAG.TAG)
                .from(RUN_TAG)
                .where(RUN_TAG.RUN_ID.in(ids))
                .orderBy(RUN_TAG.TAG)
                .forEach(rec -> tags.computeIfAbsent(rec.value1(), k -> new ArrayList<>()).add(rec.value2()));
        return tags;
    }

    private static RunView view(RunRecord r, List<String> tags) {
        return new RunView(
                r.getId(), r.getName(), r.getModel(), r.getDataset(), r.getPreset(), r.getParams(), r.getSeed(),
                List.copyOf(tags), r.getNotes(), RunStatus.valueOf(r.getStatus()), r.getError(),
                r.getCreatedAt(), r.getUpdatedAt(), r.getStartedAt(), r.getFinishedAt(),
                new RunView.Execution(Boolean.TRUE.equals(r.getExternal()), r.getDeviceKind(), r.getDevice(),
                        r.getPriority() == null ? 0 : r.getPriority(), r.getAttempt() == null ? 0 : r.getAttempt(),
                        r.getWorkerPid(), r.getStep(), r.getTotalSteps(), r.getHeartbeatAt(), r.getSpec()));
    }

    private static List<SortField<?>> sortFields(String sort) {
        String s = sort == null ? "-created" : sort;
        boolean desc = s.startsWith("-");
        String name = desc ? s.substring(1) : s;
        Field<?> field = switch (name) {
            case "id" -> RUN.ID;
            case "name" -> RUN.NAME;
            case "updated" -> RUN.UPDATED_AT;
            case "status" -> RUN.STATUS;
            case "model" -> RUN.MODEL;
            case "created" -> RUN.CREATED_AT;
            default -> throw new InvalidInputException("sort", "cannot sort by " + name);
        };
        // id breaks ties so that paging is stable
        return desc ? List.of(field.desc(), RUN.ID.desc()) : List.of(field.asc(), RUN.ID.asc());
    }

    static NotFoundException notFound(long id) {
        return new NotFoundException("runId", "no run " + id);
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
