package dev.telltale.backend;

import dev.telltale.backend.http.ApiRouter;
import dev.telltale.backend.jobs.Scheduler;
import dev.telltale.backend.jobs.WorkerTokens;
import java.util.concurrent.atomic.AtomicReference;
import dev.telltale.backend.store.Tracking;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

/** A running tracking server: Vert.x HTTP on top of the data folder's store. */
public final class TelltaleServer implements AutoCloseable {

    public static final String VERSION = TelltaleVersion.VERSION;

    private final Vertx vertx;
    private final HttpServer http;
    private final Tracking tracking;
    private final String token;
    private final ServerConfig config;

    private final Scheduler scheduler;

    private TelltaleServer(Vertx vertx, HttpServer http, Tracking tracking, String token, ServerConfig config, Scheduler scheduler) {
        this.scheduler = scheduler;
        this.vertx = vertx;
        this.http = http;
        this.tracking = tracking;
        this.token = token;
        this.config = config;
    }

    /** Opens the data folder (migrating it) and listens; returns once the port is bound. */
    public static TelltaleServer start(ServerConfig config) throws Exception {
        Tracking tracking = Tracking.open(config.dataDir());
        Vertx vertx = null;
        try {
            String token = Tokens.loadOrCreate(tracking.folder().tokenFile(), config.token());
            vertx = Vertx.vertx(new VertxOptions().setFileSystemOptions(new FileSystemOptions()
                    .setFileCacheDir(tracking.folder().cacheDir().toString())));
            WorkerExecutor dbPool = vertx.createSharedWorkerExecutor("telltale-db", 8);
            WorkerTokens workerTokens = new WorkerTokens();
            // a worker that outlived the last server reports the moment this one listens: know its
            // token first, or its batches get 401 and are dropped (the scheduler's adoption, which
            // forgets the tokens of workers that are gone, runs only after the listen)
            for (var running : tracking.executions().running()) {
                tracking.executions().workerTokenSha256(running.id()).ifPresent(sha -> workerTokens.remember(running.id(), sha));
            }
            AtomicReference<Scheduler> scheduler = new AtomicReference<>();
            Router router = new ApiRouter(vertx, tracking, token, dbPool, VERSION, config.fastIngest(), workerTokens, scheduler::get)
                    .build().await();
            // no cleartext HTTP/2 upgrade: browsers never ask for it, and Java's HttpClient, which asks by
            // default, once hung past its own request timeout on an upgraded connection in our tests
            HttpServer http = vertx.createHttpServer(new HttpServerOptions()
                            .setHost(config.host())
                            .setPort(config.port())
                            .setHttp2ClearTextEnabled(false)
                            .setCompressionSupported(true))
                    .requestHandler(router)
                    .listen()
                    .await();
            // workers report to this server over loopback, whatever address it is bound to
            Scheduler s = new Scheduler(tracking, config.scheduler(), workerTokens, "http://127.0.0.1:" + http.actualPort());
            scheduler.set(s);
            s.start();
            return new TelltaleServer(vertx, http, tracking, token, config, s);
        } catch (Exception e) {
            try {
                if (vertx != null) {
                    vertx.close().await();
                }
                tracking.close();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    public int port() {
        return http.actualPort();
    }

    public String token() {
        return token;
    }

    public Tracking tracking() {
        return tracking;
    }

    /** The link that signs a browser in. */
    public String url() {
        String host = config.host().equals("0.0.0.0") || config.host().equals("::") ? "127.0.0.1" : config.host();
        return "http://" + host + ":" + port() + "/?token=" + token;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    /** Stops serving; workers keep running and are adopted by the next server on this data folder. */
    @Override
    public void close() {
        try {
            scheduler.close();
            http.close().await();
            vertx.close().await();
        } finally {
            tracking.close();
        }
    }
}
