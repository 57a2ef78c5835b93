package dev.telltale.backend.store;

import static dev.telltale.db.generated.Tables.METRIC;
import static dev.telltale.db.generated.Tables.METRIC_KEY;
import static dev.telltale.db.generated.Tables.RUN;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Metric series: batch ingestion (all or nothing, idempotent on run + key + step: a re-sent point
 * replaces the stored one), downsampled reads from an in-memory copy, CSV export and replay by seq.
 */
public final class MetricStore {

    /** Default bound of the in-memory series copies (about 24 bytes a point). */
    public static final long DEFAULT_CACHE_POINTS = 20_000_000L;

    private final DSLContext dsl;
    private final EventLog log;
    private final SeriesCache cache;
    /** (runId, key name) → metric_key.id, filled after commit so a rolled-back id never leaks. */
    private final Map<RunKey, Long> keyIds = new ConcurrentHashMap<>();
    private final String mergeSql;
    private final String loadSql;

    private record RunKey(long runId, String name) {}

    private record PointKey(String key, long step) {}

    public MetricStore(DSLContext dsl, EventLog log, long cachePoints) {
        this.dsl = dsl;
        this.log = log;
        this.cache = new SeriesCache(cachePoints);
        // rendered by jOOQ once, executed as a plain JDBC batch: this is the hot path of ingestion
        this.mergeSql = dsl.mergeInto(METRIC)
                .columns(METRIC.KEY_ID, METRIC.STEP, METRIC.VAL, METRIC.WALL_TIME, METRIC.SEQ)
                .key(METRIC.KEY_ID, METRIC.STEP)
                .values(0L, 0L, 0d, 0L, 0L)
                .getSQL();
        this.loadSql = dsl.select(METRIC.STEP, METRIC.VAL, METRIC.WALL_TIME)
                .from(METRIC)
                .where(METRIC.KEY_ID.eq(0L))
                .orderBy(METRIC.STEP)
                .getSQL();
    }

    /** What an ingestion stored. */
    public record IngestResult(int stored, long lastSeq) {}

    /**
     * Stores a batch in one transaction. Points repeated within the batch (same key and step) keep
     * the last one. The caller has validated each point (finite value, step ≥ 0, key length).
     */
    public IngestResult ingest(long runId, List<MetricPoint> batch) {
        LinkedHashMap<PointKey, MetricPoint> dedup = new LinkedHashMap<>();
        for (MetricPoint p : batch) {
            dedup.put(new PointKey(p.key(), p.step()), p);
        }
        List<MetricPoint> points = dedup.size() == batch.size() ? batch : new ArrayList<>(dedup.values());
        return log.write(w -> {
            if (!w.tx().fetchExists(RUN, RUN.ID.eq(runId))) {
                throw RunStore.notFound(runId);
            }
            List<Long> created = new ArrayList<>();
            Map<String, Long> ids = resolveKeys(w.tx(), runId, points, created);
            long firstSeq = w.reserve(points.size());
            w.tx().connection(c -> {
                try (PreparedStatement ps = c.prepareStatement(mergeSql)) {
                    long seq = firstSeq;
                    for (MetricPoint p : points) {
                        ps.setLong(1, ids.get(p.key()));
                        ps.setLong(2, p.step());
                        ps.setDouble(3, p.value());
                        ps.setLong(4, p.time());
                        ps.setLong(5, seq++);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            });
            w.afterCommit(() -> {
                ids.forEach((name, id) -> keyIds.put(new RunKey(runId, name), id));
                // a series born in this batch is known to be exactly these points: cache it from
                // the start, so a live run's charts never pay for a load from the database
                created.forEach(id -> cache.put(id, new Series(1024)));
                for (MetricPoint p : points) {
                    Series s = cache.getIfPresent(ids.get(p.key()));
                    if (s != null) {
                        s.upsert(p.step(), p.value(), p.time());
                    }
                }
            });
            MetricBatch stored = new MetricBatch(runId, firstSeq, points);
            w.emit(new StoredEvent(stored.lastSeq(), runId, StoredEvent.Type.METRICS, stored));
            return new IngestResult(points.size(), stored.lastSeq());
        });
    }

    private Map<String, Long> resolveKeys(DSLContext tx, long runId, Collection<MetricPoint> points, List<Long> created) {
        Map<String, Long> ids = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        for (MetricPoint p : points) {
            if (ids.containsKey(p.key())) {
                continue;
            }
            Long id = keyIds.get(new RunKey(runId, p.key()));
            ids.put(p.key(), id);
            if (id == null) {
                unknown.add(p.key());
            }
        }
        if (!unknown.isEmpty()) {
            tx.select(METRIC_KEY.NAME, METRIC_KEY.ID)
                    .from(METRIC_KEY)
                    .where(METRIC_KEY.RUN_ID.eq(runId).and(METRIC_KEY.NAME.in(unknown)))
                    .forEach(r -> ids.put(r.value1(), r.value2()));
            for (String name : unknown) {
                if (ids.get(name) == null) {
                    long id = tx.insertInto(METRIC_KEY, METRIC_KEY.RUN_ID, METRIC_KEY.NAME)
                            .values(runId, name)
                            .returning(METRIC_KEY.ID)
                            .fetchOne()
                            .getId();
                    ids.put(name, id);
                    created.add(id);
                }
            }
        }
        return ids;
    }

    /** Reads each key's points in [fromStep, toStep], at most {@code maxPoints} per key. */
    public List<SeriesView> read(long runId, List<String> keys, long fromStep, long toStep, int maxPoints) {
        List<SeriesView> out = new ArrayList<>(keys.size());
        for (String key : keys) {
            Long keyId = keyId(runId, key);
            if (keyId == null) {
                out.add(new SeriesView(key, 0, false, new long[0], new double[0], new long[0]));
                continue;
            }
            out.add(series(keyId).read(key, fromStep, toStep, maxPoints));
        }
        return out;
    }

    private Series series(long keyId) {
        Series s = cache.getIfPresent(keyId);
        if (s != null) {
            return s;
        }
        // loaded while no write can commit, so the copy misses nothing and later writes update it
        return log.quiesced(() -> cache.get(keyId, this::load));
    }

    private Series load(long keyId) {
        return dsl.connectionResult(c -> {
            try (PreparedStatement ps = c.prepareStatement(loadSql)) {
                ps.setLong(1, keyId);
                ps.setFetchSize(10_000);
                Series s = new Series(1024);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        s.upsert(rs.getLong(1), rs.getDouble(2), rs.getLong(3));
                    }
                }
                return s;
            }
        });
    }

    private Long keyId(long runId, String key) {
        RunKey rk = new RunKey(runId, key);
        Long id = keyIds.get(rk);
        if (id == null) {
            id = dsl.select(METRIC_KEY.ID)
                    .from(METRIC_KEY)
                    .where(METRIC_KEY.RUN_ID.eq(runId).and(METRIC_KEY.NAME.eq(key)))
                    .fetchOne(METRIC_KEY.ID);
            if (id != null) {
                keyIds.put(rk, id);
            }
        }
        return id;
    }

    /** Every key of the run with its count and its point of highest step. */
    public List<KeySummary> keys(long runId) {
        var last = METRIC.as("last");
        var maxStep = DSL.select(DSL.max(METRIC.STEP)).from(METRIC).where(METRIC.KEY_ID.eq(METRIC_KEY.ID));
        return dsl.select(
                        METRIC_KEY.NAME,
                        DSL.selectCount().from(METRIC).where(METRIC.KEY_ID.eq(METRIC_KEY.ID)).<Integer>asField("n"),
                        last.STEP, last.VAL, last.WALL_TIME)
                .from(METRIC_KEY)
                .leftJoin(last).on(last.KEY_ID.eq(METRIC_KEY.ID).and(last.STEP.eq(maxStep)))
                .where(METRIC_KEY.RUN_ID.eq(runId))
                .orderBy(METRIC_KEY.NAME)
                .fetch(r -> new KeySummary(r.value1(), r.value2(), r.value3(), r.value4(), r.value5()));
    }

    /**
     * The point of highest step of each of the run's keys, without the counts {@link #keys} makes:
     * one index probe per key, so a runs table stays fast next to million-point series.
     */
    public List<MetricPoint> latestPoints(long runId) {
        List<MetricPoint> out = new ArrayList<>();
        for (var k : dsl.select(METRIC_KEY.ID, METRIC_KEY.NAME).from(METRIC_KEY).where(METRIC_KEY.RUN_ID.eq(runId))
                .orderBy(METRIC_KEY.NAME).fetch()) {
            var last = dsl.select(METRIC.STEP, METRIC.VAL, METRIC.WALL_TIME).from(METRIC)
                    .where(METRIC.KEY_ID.eq(k.value1()))
                    // ordered like the primary key (key_id, step), H2 reads it backwards and stops at
                    // once (~20 ms at 1M points); STEP DESC alone sorts the whole series
                    .orderBy(METRIC.KEY_ID.desc(), METRIC.STEP.desc()).limit(1).fetchOne();
            if (last != null) {
                out.add(new MetricPoint(k.value2(), last.value1(), last.value2(), last.value3()));
            }
        }
        return out;
    }

    /** Writes the run's points (all keys, or only {@code keys}) as CSV: key,step,value,time. */
    public void exportCsv(long runId, List<String> keys, Appendable out) {
        Condition cond = METRIC_KEY.RUN_ID.eq(runId);
        if (keys != null && !keys.isEmpty()) {
            cond = cond.and(METRIC_KEY.NAME.in(keys));
        }
        try (var cursor = dsl.select(METRIC_KEY.NAME, METRIC.STEP, METRIC.VAL, METRIC.WALL_TIME)
                .from(METRIC)
                .join(METRIC_KEY).on(METRIC_KEY.ID.eq(METRIC.KEY_ID))
                .where(cond)
                .orderBy(METRIC_KEY.NAME, METRIC.STEP)
                .fetchSize(10_000)
                .fetchLazy()) {
            out.append("key,step,value,time\n");
            for (var r : cursor) {
                out.append(csvField(r.value1())).append(',')
                        .append(Long.toString(r.value2())).append(',')
                        .append(Double.toString(r.value3())).append(',')
                        .append(Long.toString(r.value4())).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String csvField(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /** A stored point with its seq, for replaying the live stream. */
    public record SeqPoint(long seq, long runId, MetricPoint point) {}

    /** The run's points with seq > {@code afterSeq}, in seq order, at most {@code limit}. */
    public List<SeqPoint> since(long runId, long afterSeq, int limit) {
        return dsl.select(METRIC.SEQ, METRIC_KEY.NAME, METRIC.STEP, METRIC.VAL, METRIC.WALL_TIME)
                .from(METRIC)
                .join(METRIC_KEY).on(METRIC_KEY.ID.eq(METRIC.KEY_ID))
                .where(METRIC.SEQ.gt(afterSeq).and(METRIC_KEY.RUN_ID.eq(runId)))
                .orderBy(METRIC.SEQ)
                .limit(limit)
                .fetch(r -> new SeqPoint(r.value1(), runId, new MetricPoint(r.value2(), r.value3(), r.value4(), r.value5())));
    }

    /** Whether more than {@code limit} points (any run) have a seq > {@code afterSeq}; reads at most limit + 1 rows. */
    public boolean moreThanSince(long afterSeq, int limit) {
        return dsl.fetchCount(dsl.select(METRIC.SEQ).from(METRIC).where(METRIC.SEQ.gt(afterSeq)).limit(limit + 1)) > limit;
    }

    /**
     * For every series with points of seq > {@code afterSeq} (any run): its newest such point by step,
     * for replaying the all-runs stream, which carries only the latest point per key.
     */
    public List<SeqPoint> latestSince(long afterSeq) {
        var rn = DSL.rowNumber().over(DSL.partitionBy(METRIC.KEY_ID).orderBy(METRIC.STEP.desc())).as("rn");
        var inner = dsl.select(METRIC.SEQ, METRIC_KEY.RUN_ID, METRIC_KEY.NAME, METRIC.STEP, METRIC.VAL,
                        METRIC.WALL_TIME, rn)
                .from(METRIC)
                .join(METRIC_KEY).on(METRIC_KEY.ID.eq(METRIC.KEY_ID))
                .where(METRIC.SEQ.gt(afterSeq))
                .asTable("t");
        return dsl.select(inner.field(METRIC.SEQ), inner.field(METRIC_KEY.RUN_ID), inner.field(METRIC_KEY.NAME),
                        inner.field(METRIC.STEP), inner.field(METRIC.VAL), inner.field(METRIC.WALL_TIME))
                .from(inner)
                .where(inner.field("rn", Integer.class).eq(1))
                .orderBy(inner.field(METRIC.SEQ))
                .fetch(r -> new SeqPoint(r.value1(), r.value2(),
                        new MetricPoint(r.value3(), r.value4(), r.value5(), r.value6())));
    }
}
