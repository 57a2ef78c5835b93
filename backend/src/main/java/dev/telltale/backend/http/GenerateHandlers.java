package dev.telltale.backend.http;

import dev.telltale.backend.store.ArtifactStore;
import dev.telltale.backend.store.ArtifactView;
import dev.telltale.backend.store.ConflictException;
import dev.telltale.backend.store.ContentTypes;
import dev.telltale.backend.store.GeneratedFiles;
import dev.telltale.backend.store.Tracking;
import dev.telltale.experiments.generate.CaptionGenerator;
import dev.telltale.experiments.generate.CaptionGenerators;
import dev.telltale.experiments.generate.Generation;
import dev.telltale.experiments.generate.CaptionRejectedException;
import dev.telltale.experiments.generate.Picture;
import dev.telltale.experiments.generate.UnusableCheckpointException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Pictures from a typed caption with a run's checkpoint, made in this process: the run and
 * checkpoint are looked up on the database pool, the model is loaded (checked against its recorded
 * sha256, then cached) and run on a pool of {@link #CONCURRENCY} threads, so further requests wait
 * their turn there instead of being refused, and the event loop never waits for libtorch.
 */
final class GenerateHandlers {

    /** Pictures made at once; each holds a model's activations and two libtorch threads. */
    static final int CONCURRENCY = 2;
    static final int CACHED_MODELS = 3;
    /** Generated files not asked for again within this are removed. */
    static final Duration KEEP = Duration.ofDays(7);
    /** Random seeds stay below 2^31: short enough to read out and type back. */
    private static final long RANDOM_SEEDS = 1L << 31;

    private final Tracking tracking;
    private final Blocking db;
    private final WorkerExecutor pool;
    private final GeneratorCache cache = new GeneratorCache(CACHED_MODELS);
    private final GeneratedFiles files;

    GenerateHandlers(Vertx vertx, Tracking tracking, Blocking db) {
        this.tracking = tracking;
        this.db = db;
        // a Stage-II model on a busy CPU may take minutes; Vert.x would warn of a blocked thread
        this.pool = vertx.createSharedWorkerExecutor("telltale-generate", CONCURRENCY, 30, TimeUnit.MINUTES);
        this.files = new GeneratedFiles(tracking.folder().generatedDir(), KEEP);
    }

    /** A run's checkpoint as found in the database, with its file. */
    record Target(long runId, ArtifactView checkpoint, Path file) {}

    void generate(RoutingContext ctx) {
        JsonObject b = Params.body(ctx);
        long runId = b.getLong("runId");
        Long checkpointId = b.getLong("checkpointId");
        String caption = b.getString("caption");
        long seed = b.getLong("seed") != null ? b.getLong("seed") : ThreadLocalRandom.current().nextLong(RANDOM_SEEDS);
        double conditionNoise = b.getDouble("conditionNoise") != null ? b.getDouble("conditionNoise") : 1;
        db.call(() -> {
                    Target t = target(runId, checkpointId);
                    // answered from the checkpoint's name, before a model is loaded (and another evicted) for it
                    if (conditionNoise != 1 && CaptionGenerators.isVideoGeneratorFile(t.file().getFileName().toString())) {
                        throw ApiError.badRequest("conditionNoise", "a TGANs-C model has no conditioning augmentation whose noise "
                                + "could be scaled: leave it out or send 1");
                    }
                    return t;
                })
                // a request whose client left while it waited its turn is not generated for no one
                .compose(t -> onPool(() -> ctx.response().closed() ? null : render(t, caption, seed, conditionNoise)))
                .onSuccess(body -> {
                    if (body != null && !ctx.response().closed()) {
                        Respond.json(ctx, 200, body);
                    }
                })
                .onFailure(e -> {
                    if (!ctx.response().closed()) {
                        ctx.fail(e);
                    }
                });
    }

    void generated(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        if (!GeneratedFiles.validName(name)) {
            throw ApiError.badRequest("name", "not a generated picture's name");
        }
        db.call(() -> files.file(name).orElseThrow(() -> ApiError.notFound("name", "no generated picture " + name)))
                .onSuccess(file -> {
                    ctx.response()
                            .putHeader("Content-Type", ContentTypes.of(name))
                            .putHeader("X-Content-Type-Options", "nosniff")
                            // named by the hash of its bytes: a name never changes its content
                            .putHeader("Cache-Control", "private, max-age=31536000, immutable");
                    Respond.file(ctx, file.toString(), 0, Long.MAX_VALUE, "name");
                })
                .onFailure(ctx::fail);
    }

    /** The run's given checkpoint, or its newest generator checkpoint (its text encoder's is not one). */
    Target target(long runId, Long checkpointId) {
        tracking.runs().require(runId);
        ArtifactView a;
        if (checkpointId != null) {
            a = tracking.artifacts().get(checkpointId)
                    .filter(x -> x.kind().equals("checkpoint") && x.runId() == runId)
                    .orElseThrow(() -> ApiError.notFound("checkpointId", "run " + runId + " has no checkpoint " + checkpointId));
        } else {
            a = tracking.artifacts().list(runId, "checkpoint").stream()
                    .filter(x -> CaptionGenerators.isGeneratorFile(Path.of(x.path()).getFileName().toString()))
                    .findFirst()
                    .orElseThrow(() -> new ConflictException("runId", "run " + runId + " has no generator checkpoint yet"));
        }
        Path file = tracking.artifacts().file(a).orElseThrow(() -> unloadable(a.id(), "its file is gone"));
        return new Target(runId, a, file);
    }

    /** Work on the generator pool, taking turns with every other generation. */
    <T> Future<T> onPool(Callable<T> work) {
        return pool.executeBlocking(work, false);
    }

    /** Runs {@code work} with the target's model, loaded (or taken from the cache) for it; a 422 when it will not load. */
    <T> T withGenerator(Target t, Function<CaptionGenerator, T> work) {
        ArtifactView a = t.checkpoint();
        try (GeneratorCache.Lease lease = cache.acquire(a.id(), a.sha256(), () -> load(t))) {
            return work.apply(lease.generator());
        } catch (UnusableCheckpointException e) {
            throw unloadable(a.id(), e.getMessage());
        }
    }

    private JsonObject render(Target t, String caption, long seed, double conditionNoise) {
        ArtifactView a = t.checkpoint();
        Generation g;
        try {
            g = withGenerator(t, generator -> {
                if (conditionNoise != 1 && !generator.scalesConditionNoise()) {
                    throw ApiError.badRequest("conditionNoise", "a " + generator.kind()
                            + " model has no conditioning augmentation whose noise could be scaled: leave it out or send 1");
                }
                return generator.generate(caption, seed, conditionNoise);
            });
        } catch (CaptionRejectedException e) {
            throw ApiError.badRequest("caption", e.getMessage());
        }
        JsonArray images = new JsonArray();
        for (Picture p : g.pictures()) {
            String name = files.write(p.bytes(), p.mediaType().equals("image/gif") ? "gif" : "png");
            images.add(new JsonObject().put("stage", p.stage()).put("url", "/api/generated/" + name)
                    .put("width", p.width()).put("height", p.height()).put("frames", p.frames()));
        }
        return new JsonObject()
                .put("runId", t.runId())
                .put("checkpointId", a.id())
                .put("caption", caption)
                .put("seed", seed)
                .put("conditionNoise", conditionNoise)
                .put("knownWords", new JsonArray(g.words().known()))
                .put("unknownWords", new JsonArray(g.words().unknown()))
                .put("images", images);
    }

    /** Loads only a file whose bytes are the ones recorded when it was registered. */
    private static CaptionGenerator load(Target t) throws UnusableCheckpointException {
        String sha;
        try {
            sha = ArtifactStore.sha256(t.file());
        } catch (IOException e) {
            throw new UnusableCheckpointException("cannot read it: " + e.getMessage(), e);
        }
        if (!sha.equals(t.checkpoint().sha256())) {
            throw new UnusableCheckpointException("it does not match its recorded sha256 (damaged or replaced)");
        }
        return CaptionGenerators.load(t.file());
    }

    private static ApiError unloadable(long checkpointId, String why) {
        return new ApiError(422, "checkpointId", "checkpoint " + checkpointId + " will not load: " + why);
    }
}
