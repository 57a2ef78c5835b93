package dev.telltale.backend.store;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * Least-recently-read series kept in memory up to a total number of points. The database stays the
 * truth: an evicted series is loaded again on its next read.
 */
final class SeriesCache {

    private final long maxPoints;
    private final LinkedHashMap<Long, Series> byKeyId = new LinkedHashMap<>(64, 0.75f, true);

    SeriesCache(long maxPoints) {
        this.maxPoints = maxPoints;
    }

    synchronized Series getIfPresent(long keyId) {
        return byKeyId.get(keyId);
    }

    /** The cached series, or the one {@code loader} builds (which is then cached). */
    Series get(long keyId, LongFunction<Series> loader) {
        Series s = getIfPresent(keyId);
        if (s != null) {
            return s;
        }
        Series loaded = loader.apply(keyId);
        synchronized (this) {
            Series raced = byKeyId.get(keyId);
            if (raced != null) {
                return raced;
            }
            byKeyId.put(keyId, loaded);
            evict(keyId);
        }
        return loaded;
    }

    /** Caches a series known to match the database (the caller holds the write lock). */
    synchronized void put(long keyId, Series series) {
        byKeyId.put(keyId, series);
        evict(keyId);
    }

    synchronized void invalidate(long keyId) {
        byKeyId.remove(keyId);
    }

    private void evict(long keep) {
        long total = 0;
        for (Series s : byKeyId.values()) {
            total += s.size();
        }
        var it = byKeyId.entrySet().iterator();
        while (total > maxPoints && it.hasNext()) {
            Map.Entry<Long, Series> e = it.next();
            if (e.getKey() == keep) {
                continue;
            }
            total -= e.getValue().size();
            it.remove();
        }
    }
}
