package dev.telltale.backend.http;

import dev.telltale.backend.store.Tracking;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import java.util.Map;

/**
 * Builds the whole HTTP surface: the API from openapi.yaml (every request validated against it;
 * an operation without a handler here fails the start), the token exchange, and the static page.
 */
public final class ApiRouter {

    /** Largest accepted request body: 10,000 points fit in about a megabyte. */
    public static final long BODY_LIMIT = 8L * 1024 * 1024;
    static final String CONTRACT = "openapi.yaml";

    private final Vertx vertx;
    private final Tracking tracking;
    private final Auth auth;
    private final EventHub hub;
    private final Blocking db;
    private final String version;
    private final boolean fastIngest;

    private final java.util.function.Supplier<dev.telltale.backend.jobs.Scheduler> scheduler;
    private final dev.telltale.experiments.catalog.Catalog catalog;

    public ApiRouter(Vertx vertx, Tracking tracking, String token, WorkerExecutor dbPool, String version,
            boolean fastIngest, dev.telltale.backend.jobs.WorkerTokens workerTokens,
            java.util.function.Supplier<dev.telltale.backend.jobs.Scheduler> scheduler) {
        this.fastIngest = fastIngest;
        this.scheduler = scheduler;
        this.catalog = dev.telltale.experiments.catalog.Catalog.load();
        this.vertx = vertx;
        this.tracking = tracking;
        this.auth = new Auth(token, workerTokens);
        this.hub = new EventHub();
        this.db = new Blocking(dbPool);
        this.version = version;
        tracking.log().addListener(hub);
    }

    /** Loads the contract and returns the router. */
    public Future<Router> build() {
        return OpenAPIContract.from(vertx, CONTRACT).map(this::router);
    }

    private Router router(OpenAPIContract contract) {
        RouterBuilder builder = RouterBuilder.create(vertx, contract, RequestExtractor.withBodyHandler());
        // Vert.x wants body handling before any user handler; the token check follows at once
        builder.rootHandler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
        builder.rootHandler(auth::check);

        RunHandlers runs = new RunHandlers(tracking.runs(), db, tracking.log()::lastSeq, new Launcher(tracking, catalog, scheduler));
        JobHandlers jobs = new JobHandlers(tracking, scheduler, db, catalog);
        MetricHandlers metrics = new MetricHandlers(tracking.metrics(), tracking.runs(), db, tracking.log()::lastSeq);
        ArtifactHandlers artifacts = new ArtifactHandlers(tracking.artifacts(), tracking.runs(), db, new dev.telltale.backend.jobs.Retention(tracking));
        EventStreams events = new EventStreams(vertx, tracking, hub, db);
        GenerateHandlers generate = new GenerateHandlers(vertx, tracking, db);
        StudyHandlers studies = new StudyHandlers(tracking, db, generate, catalog);
        RateHandlers rate = new RateHandlers(tracking.studies(), db);
        CompareHandlers compare = new CompareHandlers(tracking, db);

        Map<String, io.vertx.core.Handler<RoutingContext>> handlers = Map.ofEntries(
                Map.entry("health", this::health),
                Map.entry("listRuns", runs::list),
                Map.entry("createRun", runs::create),
                Map.entry("getRun", runs::get),
                Map.entry("updateRun", runs::update),
                Map.entry("setRunStatus", runs::setStatus),
                Map.entry("ingestMetrics", metrics::ingest),
                Map.entry("readMetrics", metrics::read),
                Map.entry("listMetricKeys", metrics::keys),
                Map.entry("exportMetrics", metrics::export),
                Map.entry("listArtifacts", artifacts::list),
                Map.entry("registerArtifact", artifacts::register),
                Map.entry("getArtifact", artifacts::get),
                Map.entry("downloadArtifact", artifacts::download),
                Map.entry("runEvents", events::runEvents),
                Map.entry("heartbeat", jobs::heartbeat),
                Map.entry("cloneRun", runs::cloneRun),
                Map.entry("addEvaluation", jobs::addEvaluation),
                Map.entry("listEvaluations", jobs::listEvaluations),
                Map.entry("cancelRun", jobs::cancel),
                Map.entry("resumeRun", jobs::resume),
                Map.entry("listCheckpoints", jobs::checkpoints),
                Map.entry("listAttempts", jobs::attempts),
                Map.entry("runLog", jobs::log),
                Map.entry("getScheduler", jobs::schedulerState),
                Map.entry("getCatalog", jobs::catalog),
                Map.entry("allEvents", events::allEvents),
                Map.entry("generate", generate::generate),
                Map.entry("getGenerated", generate::generated),
                Map.entry("createStudy", studies::create),
                Map.entry("listStudies", studies::list),
                Map.entry("getStudy", studies::get),
                Map.entry("closeStudy", studies::close),
                Map.entry("shareStudy", studies::share),
                Map.entry("studyResults", studies::results),
                Map.entry("rateTasks", rate::tasks),
                Map.entry("rateItem", rate::item),
                Map.entry("rateJudgement", rate::judge),
                Map.entry("runSummaries", compare::summaries),
                Map.entry("compareRuns", compare::compare));
        for (OpenAPIRoute route : builder.getRoutes()) {
            String op = route.getOperation().getOperationId();
            var handler = handlers.get(op);
            if (handler == null) {
                throw new IllegalStateException("openapi.yaml names operation '" + op + "' that the server does not implement");
            }
            // authentication is the root handler's (so a missing token is a 401 before any 400)
            if (op.equals("ingestMetrics") && fastIngest) {
                // the generic JSON Schema validator costs ~45 % of ingestion throughput on 10k-point
                // batches; MetricHandlers checks the same schema by hand, and a test proves the two agree
                route.setDoValidation(false);
            }
            route.addHandler(handler);
            route.addFailureHandler(Errors::handle);
        }
        if (builder.getRoutes().size() != handlers.size()) {
            throw new IllegalStateException("a handler has no operation in openapi.yaml");
        }

        Router router = builder.createRouter();
        JsonObject resolved = contract.getRawContract();
        router.get("/api/openapi.yaml").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "application/yaml; charset=utf-8")
                .sendFile(CONTRACT));
        router.get("/api/openapi.json").handler(ctx -> Respond.json(ctx, 200, resolved));
        router.get("/").handler(auth::exchangeToken).handler(ApiRouter::page);
        // a rater's page: the token in its path is all it needs (see Auth); the owner's studies page signs in like /
        router.get("/rate/:token").handler(ctx -> ApiRouter.page(ctx, "telltale-ui/rate.html"));
        // the studies live in the main page; this address (with ?token=) is what the README and links name
        router.get("/studies").handler(auth::exchangeToken).handler(ctx -> ctx.response().setStatusCode(302)
                .putHeader("Location", "/#/studies").end());
        router.get("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars"));
        router.get("/ui/*").handler(StaticHandler.create("telltale-ui"));
        router.route("/api/*").handler(ctx -> Errors.send(ctx, ApiError.notFound(null, "no such endpoint: " + ctx.request().method() + " " + ctx.normalizedPath())));
        router.route().failureHandler(Errors::handle);
        router.errorHandler(404, ctx -> Errors.send(ctx, ApiError.notFound(null, "not found: " + ctx.normalizedPath())));
        router.errorHandler(405, ctx -> Errors.send(ctx, new ApiError(405, null, "method not allowed")));
        router.errorHandler(500, ctx -> Errors.send(ctx, new ApiError(500, null, "internal error (see the server log)")));
        return router;
    }

    /** The single page; it needs no token itself, the API calls it makes do. */
    private static void page(RoutingContext ctx) {
        page(ctx, "telltale-ui/index.html");
    }

    private static void page(RoutingContext ctx, String file) {
        ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                // a rater's link carries its token: keep it out of Referer headers
                .putHeader("Referrer-Policy", "no-referrer")
                .sendFile(file);
    }

    private void health(RoutingContext ctx) {
        db.call(() -> tracking.runs().exists(0L))
                .onSuccess(ignored -> Respond.json(ctx, 200, new JsonObject()
                        .put("status", "ok")
                        .put("version", version)
                        .put("database", "ok")
                        .put("lastEventId", tracking.log().lastSeq())))
                .onFailure(ctx::fail);
    }
}
