package dev.telltale.backend.http;

import dev.telltale.backend.store.StoredEvent;
import io.vertx.core.Context;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Fans committed events out to the open streams. It hears them from the event log in commit order
 * and hands each stream its frames on the stream's own context, so order is kept per stream. A
 * frame is encoded once per event, and only when somebody listens.
 */
final class EventHub implements Consumer<StoredEvent> {

    /** Scope of the all-runs stream. */
    static final long ALL = 0;

    private final Map<Long, Set<Subscriber>> byScope = new ConcurrentHashMap<>();

    private record Subscriber(Context context, Consumer<SseFrame> sink) {}

    /** A registration to close when the stream ends. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    Subscription subscribe(long scope, Context context, Consumer<SseFrame> sink) {
        Subscriber s = new Subscriber(context, sink);
        byScope.computeIfAbsent(scope, k -> ConcurrentHashMap.newKeySet()).add(s);
        return () -> {
            Set<Subscriber> set = byScope.get(scope);
            if (set != null) {
                set.remove(s);
            }
        };
    }

    int subscribers(long scope) {
        Set<Subscriber> set = byScope.get(scope);
        return set == null ? 0 : set.size();
    }

    @Override
    public void accept(StoredEvent e) {
        deliver(byScope.get(e.runId()), e, true);
        deliver(byScope.get(ALL), e, false);
    }

    private static void deliver(Set<Subscriber> subs, StoredEvent e, boolean perRun) {
        if (subs == null || subs.isEmpty()) {
            return;
        }
        SseFrame frame = perRun ? Frames.forRun(e) : Frames.forAll(e);
        for (Subscriber s : subs) {
            s.context().runOnContext(v -> s.sink().accept(frame));
        }
    }
}
