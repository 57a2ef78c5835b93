package dev.telltale.backend.store;

import static dev.telltale.db.generated.Tables.ARTIFACT;
import static dev.telltale.db.generated.Tables.METRIC;
import static dev.telltale.db.generated.Tables.RUN_EVENT;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The single write path. Writes run one at a time, each in one transaction, and take their event
 * numbers (seq) from one counter while they hold the lock; so commit order equals seq order and a
 * client that has seen seq N has seen everything below N. Listeners hear of events after commit,
 * in that order.
 */
public final class EventLog {

    private static final Logger LOG = Logger.getLogger(EventLog.class.getName());

    private final ReentrantLock lock = new ReentrantLock();
    private final DSLContext dsl;
    private final List<Consumer<StoredEvent>> listeners = new CopyOnWriteArrayList<>();
    private long lastSeq;

    public EventLog(DSLContext dsl) {
        this.dsl = dsl;
        Long metric = dsl.select(DSL.max(METRIC.SEQ)).from(METRIC).fetchOne(0, Long.class);
        Long artifact = dsl.select(DSL.max(ARTIFACT.SEQ)).from(ARTIFACT).fetchOne(0, Long.class);
        Long runEvent = dsl.select(DSL.max(RUN_EVENT.SEQ)).from(RUN_EVENT).fetchOne(0, Long.class);
        this.lastSeq = Math.max(orZero(metric), Math.max(orZero(artifact), orZero(runEvent)));
    }

    private static long orZero(Long v) {
        return v == null ? 0 : v;
    }

    /** One write in progress: hands out seqs and collects the events and after-commit work. */
    public static final class Write {
        private final DSLContext tx;
        private long seq;
        private final List<StoredEvent> events = new ArrayList<>();
        private final List<Runnable> afterCommit = new ArrayList<>();

        private Write(DSLContext tx, long seq) {
            this.tx = tx;
            this.seq = seq;
        }

        public DSLContext tx() {
            return tx;
        }

        public long nextSeq() {
            return ++seq;
        }

        /** Reserves {@code n} consecutive seqs and returns the first. */
        public long reserve(int n) {
            long first = seq + 1;
            seq += n;
            return first;
        }

        public void emit(StoredEvent event) {
            events.add(event);
        }

        public void afterCommit(Runnable r) {
            afterCommit.add(r);
        }
    }

    /** A unit of work inside one transaction. */
    @FunctionalInterface
    public interface WriteAction<T> {
        T apply(Write write);
    }

    public <T> T write(WriteAction<T> action) {
        lock.lock();
        try {
            Write[] holder = new Write[1];
            T result = dsl.transactionResult(cfg -> {
                holder[0] = new Write(DSL.using(cfg), lastSeq);
                return action.apply(holder[0]);
            });
            Write w = holder[0];
            lastSeq = w.seq;
            for (Runnable r : w.afterCommit) {
                try {
                    r.run();
                } catch (RuntimeException ex) {
                    // committed already: a failure here (a run folder on a full disk) must not answer
                    // 500 for a saved row, nor keep its events from the listeners
                    LOG.log(Level.WARNING, "after-commit action failed", ex);
                }
            }
            for (StoredEvent e : w.events) {
                for (Consumer<StoredEvent> l : listeners) {
                    try {
                        l.accept(e);
                    } catch (RuntimeException ex) {
                        // a broken listener must not fail a write that has already committed
                        LOG.log(Level.WARNING, "event listener failed", ex);
                    }
                }
            }
            return result;
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code read} while no write can commit: for loads that must not miss a concurrent write. */
    public <T> T quiesced(Supplier<T> read) {
        lock.lock();
        try {
            return read.get();
        } finally {
            lock.unlock();
        }
    }

    public long lastSeq() {
        lock.lock();
        try {
            return lastSeq;
        } finally {
            lock.unlock();
        }
    }

    public void addListener(Consumer<StoredEvent> listener) {
        listeners.add(listener);
    }
}
