package dev.telltale.backend.http;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;

/** Runs database and file work on a worker pool, never on the event loop, unordered. */
final class Blocking {

    private final WorkerExecutor executor;

    Blocking(WorkerExecutor executor) {
        this.executor = executor;
    }

    <T> Future<T> call(Callable<T> work) {
        return executor.executeBlocking(work, false);
    }
}
