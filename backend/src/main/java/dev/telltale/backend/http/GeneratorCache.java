package dev.telltale.backend.http;

import dev.telltale.experiments.generate.CaptionGenerator;
import dev.telltale.experiments.generate.UnusableCheckpointException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The few most recently used loaded models, by checkpoint artifact id and its recorded sha256 (a
 * re-registered file is loaded afresh). A model evicted while a request still uses it is closed
 * when that request lets go of it; one checkpoint is loaded once even when asked for twice at once.
 */
final class GeneratorCache implements AutoCloseable {

    /** Loads a model (slow: disk and libtorch). */
    interface Loader {
        CaptionGenerator load() throws UnusableCheckpointException;
    }

    private static final class Entry {
        final String sha256;
        final CaptionGenerator generator;
        int users;
        boolean retired;

        Entry(String sha256, CaptionGenerator generator) {
            this.sha256 = sha256;
            this.generator = generator;
        }
    }

    /** A model in use; closing the lease hands it back. */
    final class Lease implements AutoCloseable {
        private final Entry entry;

        private Lease(Entry entry) {
            this.entry = entry;
        }

        CaptionGenerator generator() {
            return entry.generator;
        }

        @Override
        public void close() {
            release(entry);
        }
    }

    private final int capacity;
    private final LinkedHashMap<Long, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<Long, Object> loadLocks = new ConcurrentHashMap<>();
    private int loads;

    GeneratorCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    Lease acquire(long checkpointId, String sha256, Loader loader) throws UnusableCheckpointException {
        synchronized (loadLocks.computeIfAbsent(checkpointId, k -> new Object())) {
            synchronized (this) {
                Entry e = entries.get(checkpointId);
                if (e != null && e.sha256.equals(sha256)) {
                    e.users++;
                    return new Lease(e);
                }
                if (e != null) {
                    entries.remove(checkpointId);
                    retire(e);
                }
            }
            CaptionGenerator loaded = loader.load();
            synchronized (this) {
                loads++;
                Entry e = new Entry(sha256, loaded);
                e.users = 1;
                entries.put(checkpointId, e);
                Iterator<Entry> eldest = entries.values().iterator();
                while (entries.size() > capacity) {
                    Entry old = eldest.next();
                    eldest.remove();
                    retire(old);
                }
                return new Lease(e);
            }
        }
    }

    /** How many models were loaded so far (a cache hit loads none). */
    synchronized int loads() {
        return loads;
    }

    synchronized int size() {
        return entries.size();
    }

    private synchronized void release(Entry e) {
        e.users--;
        if (e.retired && e.users == 0) {
            e.generator.close();
        }
    }

    private void retire(Entry e) {
        e.retired = true;
        if (e.users == 0) {
            e.generator.close();
        }
    }

    @Override
    public synchronized void close() {
        entries.values().forEach(this::retire);
        entries.clear();
    }
}
