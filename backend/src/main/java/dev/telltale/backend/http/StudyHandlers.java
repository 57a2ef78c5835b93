package dev.telltale.backend.http;

import dev.telltale.backend.store.ConflictException;
import dev.telltale.backend.store.Evaluations.Evaluation;
import dev.telltale.backend.store.NotFoundException;
import dev.telltale.backend.store.RunStatus;
import dev.telltale.backend.store.RunView;
import dev.telltale.backend.store.StudyStore;
import dev.telltale.backend.store.StudyStore.NewArm;
import dev.telltale.backend.store.StudyStore.NewSample;
import dev.telltale.backend.store.StudyStore.NewStudy;
import dev.telltale.backend.store.StudyStore.NewTask;
import dev.telltale.backend.store.StudyStore.StudyView;
import dev.telltale.backend.store.StudyStore.Task;
import dev.telltale.backend.store.Tracking;
import dev.telltale.backend.study.OpaqueIds;
import dev.telltale.backend.study.StudyResults;
import dev.telltale.backend.study.TaskPlan;
import dev.telltale.experiments.catalog.Catalog;
import dev.telltale.experiments.catalog.ModelSpec;
import dev.telltale.experiments.data.CaptionedDataset;
import dev.telltale.experiments.data.VideoDataset;
import dev.telltale.experiments.data.Split;
import dev.telltale.experiments.generate.CaptionGenerators;
import dev.telltale.experiments.generate.Generation;
import dev.telltale.experiments.generate.CaptionRejectedException;
import dev.telltale.experiments.generate.Picture;
import dev.telltale.experiments.render.Gif;
import dev.telltale.experiments.render.Png;
import dev.telltale.experiments.train.Checkpoint;
import dev.telltale.experiments.train.Datasets;
import dev.telltale.experiments.train.ParamMap;
import dev.telltale.experiments.train.VideoDatasets;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The owner's side of human ranking studies: create one from 2–8 finished runs (the samples are
 * generated here, on the generator pool, with the same seeds for every run, and the study is frozen),
 * list and show them with what lies behind the blind, close them, and compute their results.
 */
final class StudyHandlers {

    /** Most tasks (captions × samples per caption) a study may hold before its repeats. */
    static final int MAX_TASKS = 500;
    static final String REAL_LABEL = "real images";

    private final Tracking tracking;
    private final StudyStore studies;
    private final Blocking db;
    private final GenerateHandlers generate;
    private final Catalog catalog;

    StudyHandlers(Tracking tracking, Blocking db, GenerateHandlers generate, Catalog catalog) {
        this.tracking = tracking;
        this.studies = tracking.studies();
        this.db = db;
        this.generate = generate;
        this.catalog = catalog;
    }

    /** The validated request. {@code captions} is null when {@code heldOut} is given. */
    private record Request(String name, List<JsonObject> runs, List<String> captions, Integer heldOut, int samplesPerCaption,
            boolean includeReal, int repeats, long seed, JsonObject raw) {}

    /** A run resolved to its checkpoint. */
    private record Resolved(RunView run, GenerateHandlers.Target target, String kind) {}

    /** The generated study, ready to store, and the share token (known only now; stored hashed). */
    private record Built(NewStudy study, String token) {}

    void create(RoutingContext ctx) {
        Request r = parse(Params.body(ctx));
        db.call(() -> resolve(r))
                .compose(arms -> generate.onPool(() -> build(r, arms)))
                .compose(built -> db.call(() -> {
                    StudyView created;
                    try {
                        created = studies.create(built.study());
                    } finally {
                        // moved into place on success; on failure nothing refers to it
                        deleteTree(built.study().staging());
                    }
                    return owner(created, false).put("token", built.token()).put("sharePath", "/rate/" + built.token());
                }))
                .onSuccess(body -> Respond.json(ctx, 201, body))
                .onFailure(ctx::fail);
    }

    void list(RoutingContext ctx) {
        db.call(() -> {
                    JsonArray out = new JsonArray();
                    for (StudyView s : studies.list()) {
                        out.add(owner(s, false));
                    }
                    return new JsonObject().put("studies", out);
                })
                .onSuccess(body -> Respond.json(ctx, 200, body))
                .onFailure(ctx::fail);
    }

    void get(RoutingContext ctx) {
        long id = Params.pathLong(ctx, "studyId");
        db.call(() -> owner(studies.require(id), true))
                .onSuccess(body -> Respond.json(ctx, 200, body))
                .onFailure(ctx::fail);
    }

    void close(RoutingContext ctx) {
        long id = Params.pathLong(ctx, "studyId");
        db.call(() -> owner(studies.close(id), false))
                .onSuccess(body -> Respond.json(ctx, 200, body))
                .onFailure(ctx::fail);
    }

    /** A new share link; the old one stops working. The token is shown only here and at creation. */
    void share(RoutingContext ctx) {
        long id = Params.pathLong(ctx, "studyId");
        String token = OpaqueIds.token();
        db.call(() -> {
                    studies.setToken(id, OpaqueIds.sha256(token));
                    return new JsonObject().put("token", token).put("sharePath", "/rate/" + token);
                })
                .onSuccess(body -> Respond.json(ctx, 200, body))
                .onFailure(ctx::fail);
    }

    void results(RoutingContext ctx) {
        long id = Params.pathLong(ctx, "studyId");
        String format = Params.query(ctx, "format");
        db.call(() -> {
                    StudyView s = studies.require(id);
                    List<StudyResults.ArmInfo> arms = new ArrayList<>();
                    for (StudyStore.Arm a : s.arms()) {
                        String runName = a.runId() == null ? null : tracking.runs().get(a.runId()).map(RunView::name).orElse(null);
                        arms.add(new StudyResults.ArmInfo(a, runName, a.runId() == null ? Map.of() : evaluationAt(a.runId(), a.step())));
                    }
                    return StudyResults.compute(s, arms, studies.tasks(id), studies.judgements(id), "json".equals(format));
                })
                .onSuccess(body -> {
                    if (format == null) {
                        Respond.json(ctx, 200, body);
                        return;
                    }
                    boolean csv = format.equals("csv");
                    ctx.response()
                            .putHeader("Content-Type", csv ? "text/csv; charset=utf-8" : "application/json")
                            .putHeader("Content-Disposition", "attachment; filename=\"study-" + id + "-results." + format + "\"")
                            .putHeader("Cache-Control", "no-store")
                            .end(csv ? StudyResults.csv(body) : body.encodePrettily());
                })
                .onFailure(ctx::fail);
    }

    /**
     * Each metric's evaluation at the arm's checkpoint step, else the last one before it, else the
     * run's last: what the metric said about the model the people judged.
     */
    private Map<String, Evaluation> evaluationAt(long runId, Long step) {
        Map<String, Evaluation> out = new LinkedHashMap<>();
        for (String metric : StudyResults.METRICS) {
            List<Evaluation> all = tracking.evaluations().list(runId, metric);
            if (all.isEmpty()) {
                continue;
            }
            Evaluation pick = step == null ? all.get(all.size() - 1) : null;
            if (step != null) {
                // at or before the arm's checkpoint, never a later step's (which judged another model)
                for (Evaluation e : all) {
                    if (e.step() <= step) {
                        pick = e;
                    }
                }
            }
            if (pick != null) {
                out.put(metric, pick);
            }
        }
        return out;
    }

    /** The owner's view; {@code withTasks} adds every task with which arm made which item (behind the blind). */
    private JsonObject owner(StudyView s, boolean withTasks) {
        JsonArray arms = new JsonArray();
        for (StudyStore.Arm a : s.arms()) {
            arms.add(new JsonObject()
                    .put("armId", a.id())
                    .put("position", a.position())
                    .put("label", a.label())
                    .put("real", a.real())
                    .put("runId", a.runId())
                    .put("runName", a.runId() == null ? null : tracking.runs().get(a.runId()).map(RunView::name).orElse(null))
                    .put("checkpointId", a.checkpointId())
                    .put("step", a.step()));
        }
        JsonObject out = new JsonObject()
                .put("id", s.id())
                .put("name", s.name())
                .put("kind", s.kind())
                .put("status", s.status())
                .put("samplesPerCaption", s.samplesPerCaption())
                .put("settings", new JsonObject(s.settingsJson()))
                .put("createdAt", JsonViews.time(s.createdAt()))
                .put("closedAt", JsonViews.time(s.closedAt()))
                .put("tasks", s.tasks())
                .put("raters", s.raters())
                .put("judgements", s.judgements())
                .put("arms", arms);
        if (withTasks) {
            List<Task> tasks = studies.tasks(s.id());
            Map<Long, String> publicIds = new HashMap<>();
            tasks.forEach(t -> publicIds.put(t.id(), t.publicId()));
            JsonArray captions = new JsonArray();
            JsonArray list = new JsonArray();
            for (Task t : tasks) {
                if (t.repeatOf() == null && !captions.contains(t.caption())) {
                    captions.add(t.caption());
                }
                JsonArray items = new JsonArray();
                t.samples().forEach(x -> items.add(new JsonObject().put("itemId", x.publicId()).put("armId", x.armId())));
                list.add(new JsonObject()
                        .put("taskId", t.publicId())
                        .put("captionIndex", t.captionIndex())
                        .put("caption", t.caption())
                        .put("seed", t.seed())
                        .put("repeatOf", t.repeatOf() == null ? null : publicIds.get(t.repeatOf()))
                        .put("items", items));
            }
            out.put("captions", captions).put("taskList", list);
        }
        return out;
    }

    // ---- creation ----

    private static Request parse(JsonObject b) {
        List<JsonObject> runs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        JsonArray given = b.getJsonArray("runs");
        for (int i = 0; i < given.size(); i++) {
            JsonObject run = given.getJsonObject(i);
            if (!seen.add(run.getLong("runId") + "/" + run.getLong("checkpointId"))) {
                throw ApiError.badRequest("runs[" + i + "]", "the same run and checkpoint twice");
            }
            runs.add(run);
        }
        List<String> captions = null;
        Integer heldOut = null;
        Object c = b.getValue("captions");
        if (c instanceof JsonArray typed) {
            captions = new ArrayList<>();
            for (int i = 0; i < typed.size(); i++) {
                String caption = typed.getString(i).strip();
                if (caption.isEmpty()) {
                    throw ApiError.badRequest("captions[" + i + "]", "an empty caption");
                }
                if (captions.contains(caption)) {
                    throw ApiError.badRequest("captions[" + i + "]", "the caption '" + caption + "' is given twice");
                }
                captions.add(caption);
            }
        } else {
            heldOut = ((JsonObject) c).getInteger("heldOut");
        }
        int samples = b.getInteger("samplesPerCaption", 1);
        int count = (captions != null ? captions.size() : heldOut) * samples;
        if (count > MAX_TASKS) {
            throw ApiError.badRequest("samplesPerCaption", "captions × samplesPerCaption is " + count + "; at most " + MAX_TASKS);
        }
        boolean includeReal = b.getBoolean("includeReal", false);
        if (includeReal && heldOut == null) {
            throw ApiError.badRequest("includeReal", "real images exist only for held-out captions ({\"heldOut\": n})");
        }
        int repeats = b.getInteger("repeats", 0);
        if (repeats > count) {
            throw ApiError.badRequest("repeats", "only " + count + " tasks to repeat, asked for " + repeats);
        }
        long seed = b.getLong("seed") != null ? b.getLong("seed") : OpaqueIds.seed();
        return new Request(b.getString("name").strip(), runs, captions, heldOut, samples, includeReal, repeats, seed, b.copy().put("seed", seed));
    }

    /** Each run's checkpoint (the given one or its newest generator checkpoint); the errors name runs[i]. */
    private List<Resolved> resolve(Request r) {
        List<Resolved> out = new ArrayList<>();
        for (int i = 0; i < r.runs().size(); i++) {
            String at = "runs[" + i + "].";
            JsonObject run = r.runs().get(i);
            long runId = run.getLong("runId");
            GenerateHandlers.Target target;
            try {
                target = generate.target(runId, run.getLong("checkpointId"));
            } catch (NotFoundException e) {
                throw ApiError.notFound(at + e.field(), e.getMessage());
            } catch (ConflictException e) {
                throw new ApiError(409, at + e.field(), e.getMessage());
            } catch (ApiError e) {
                throw new ApiError(e.status(), at + e.field(), e.getMessage());
            }
            RunView view = tracking.runs().require(runId);
            if (view.status() != RunStatus.FINISHED) {
                throw new ApiError(409, at + "runId", "run " + runId + " is " + view.status() + "; only finished runs are compared");
            }
            if (!CaptionGenerators.isGeneratorFile(Path.of(target.checkpoint().path()).getFileName().toString())) {
                throw ApiError.badRequest(at + "checkpointId", "checkpoint " + target.checkpoint().id() + " is not a generator's");
            }
            ModelSpec.Kind kind = catalog.model(view.model()).map(ModelSpec::kind).orElse(ModelSpec.Kind.ENCODER);
            if (kind == ModelSpec.Kind.ENCODER) {
                throw ApiError.badRequest(at + "runId", "run " + runId + " (" + view.model() + ") does not generate pictures");
            }
            if (!out.isEmpty() && !out.get(0).kind().equals(kind.jsonName())) {
                throw ApiError.badRequest("runs", "the runs mix " + out.get(0).kind() + " and " + kind.jsonName()
                        + " models; a study compares runs of one kind");
            }
            for (int j = 0; j < out.size(); j++) {
                // an arm named by its newest checkpoint and one naming that checkpoint are the same arm
                if (out.get(j).target().checkpoint().id() == target.checkpoint().id()) {
                    throw ApiError.badRequest("runs[" + i + "]", "the same checkpoint as runs[" + j + "] (checkpoint "
                            + target.checkpoint().id() + " of run " + runId + ")");
                }
            }
            out.add(new Resolved(view, target, kind.jsonName()));
        }
        return out;
    }

    /** One planned task's pictures per arm: file name in the staging folder and its type. */
    private record File(String name, String contentType, int width, int frames) {}

    /**
     * The held-out split of an image or a video dataset: its captions, and the real picture (a PNG)
     * or clip (a looping GIF) behind each, rendered like the generated samples it stands beside.
     */
    private interface HeldOut {
        int size();

        List<String> captions(int index);

        File real(Path staging, int index, int size, int frames);
    }

    private record HeldOutImages(CaptionedDataset set) implements HeldOut {
        public int size() {
            return set.size();
        }

        public List<String> captions(int index) {
            return set.captions(index);
        }

        public File real(Path staging, int index, int size, int frames) {
            return write(staging, Png.encode(set.get(index, size).image(), size), "image/png", size, 1);
        }
    }

    private record HeldOutClips(VideoDataset set) implements HeldOut {
        public int size() {
            return set.size();
        }

        public List<String> captions(int index) {
            return set.captions(index);
        }

        public File real(Path staging, int index, int size, int frames) {
            byte[] gif = Gif.encode(set.get(index, frames, size).frames(), size, Picture.FRAME_MS, true);
            return write(staging, gif, "image/gif", size, frames);
        }
    }

    /**
     * Generates every sample into a staging folder (random file names), arm by arm so each model is
     * loaded once; real images come from the held-out set at the size of the generated ones.
     */
    private Built build(Request r, List<Resolved> arms) throws IOException {
        Path staging = tracking.folder().studiesDir().resolve("new-" + OpaqueIds.id());
        Files.createDirectories(staging);
        try {
            List<String> captions = r.captions();
            List<Integer> realSamples = null;
            HeldOut test = null;
            if (captions == null) {
                test = heldOutSet(arms);
                realSamples = new ArrayList<>();
                captions = new ArrayList<>();
                Set<String> distinct = new HashSet<>();
                for (int i = 0; i < test.size() && captions.size() < r.heldOut(); i++) {
                    int index = i;
                    HeldOut set = test;
                    List<String> own = readingHeldOut(() -> set.captions(index));
                    String caption = own.get(i % own.size());
                    if (distinct.add(caption)) {
                        captions.add(caption);
                        realSamples.add(i);
                    }
                }
                if (captions.size() < r.heldOut()) {
                    throw ApiError.badRequest("captions.heldOut", "the held-out set has " + captions.size()
                            + " distinct captions, fewer than " + r.heldOut());
                }
            }
            List<TaskPlan.Planned> plan = TaskPlan.of(captions.size(), r.samplesPerCaption(), r.repeats(), r.seed());
            int originals = captions.size() * r.samplesPerCaption();
            int armCount = arms.size() + (r.includeReal() ? 1 : 0);
            File[][] files = new File[originals][armCount];
            for (int a = 0; a < arms.size(); a++) {
                Resolved arm = arms.get(a);
                int armIndex = a;
                List<String> finalCaptions = captions;
                generate.withGenerator(arm.target(), generator -> {
                    for (int t = 0; t < originals; t++) {
                        TaskPlan.Planned p = plan.get(t);
                        Generation g;
                        try {
                            g = generator.generate(finalCaptions.get(p.captionIndex()), p.seed());
                        } catch (CaptionRejectedException e) {
                            String field = r.captions() != null ? "captions[" + p.captionIndex() + "]" : "captions.heldOut";
                            throw ApiError.badRequest(field, "run " + arm.run().id() + ": " + e.getMessage());
                        }
                        Picture last = g.pictures().get(g.pictures().size() - 1);
                        files[t][armIndex] = write(staging, last.bytes(), last.mediaType(), last.width(), last.frames());
                    }
                    return null;
                });
            }
            if (r.includeReal()) {
                for (int t = 0; t < originals; t++) {
                    int size = 0;
                    int frames = 1;
                    for (int a = 0; a < arms.size(); a++) {
                        size = Math.max(size, files[t][a].width());
                        frames = Math.max(frames, files[t][a].frames());
                    }
                    int index = realSamples.get(plan.get(t).captionIndex());
                    int side = size;
                    int length = frames;
                    HeldOut set = test;
                    files[t][arms.size()] = readingHeldOut(() -> set.real(staging, index, side, length));
                }
            }
            List<NewTask> tasks = new ArrayList<>();
            for (TaskPlan.Planned p : plan) {
                int source = p.repeatOf() == null ? tasks.size() : p.repeatOf();
                List<NewSample> samples = new ArrayList<>();
                for (int a = 0; a < armCount; a++) {
                    File f = files[source][a];
                    samples.add(new NewSample(a, OpaqueIds.id(), f.name(), f.contentType()));
                }
                tasks.add(new NewTask(OpaqueIds.id(), p.captionIndex(), captions.get(p.captionIndex()), p.seed(), p.repeatOf(), samples));
            }
            List<NewArm> newArms = new ArrayList<>();
            for (Resolved a : arms) {
                newArms.add(new NewArm(a.run().id(), a.target().checkpoint().id(), a.target().checkpoint().step(), false, a.run().name()));
            }
            if (r.includeReal()) {
                newArms.add(new NewArm(null, null, null, true, REAL_LABEL));
            }
            String token = OpaqueIds.token();
            return new Built(new NewStudy(r.name(), arms.get(0).kind(), OpaqueIds.sha256(token), OpaqueIds.id(),
                    r.samplesPerCaption(), r.raw().encode(), newArms, tasks, staging), token);
        } catch (RuntimeException e) {
            deleteTree(staging);
            throw e;
        }
    }

    /**
     * Reads from the held-out set: an imported dataset's file that will not read (an empty caption
     * file, an image that is not a JPEG/PNG) is the dataset's fault, not the server's: 409 naming it.
     */
    private static <T> T readingHeldOut(java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new ApiError(409, "captions.heldOut", "the held-out set will not read: " + e.getMessage());
        }
    }

    /** The held-out split of the dataset all the runs trained on, opened with the first run's parameters. */
    private static HeldOut heldOutSet(List<Resolved> arms) {
        String dataset = null;
        ParamMap params = null;
        for (int i = 0; i < arms.size(); i++) {
            Checkpoint cp;
            try {
                cp = Checkpoint.read(arms.get(i).target().file());
            } catch (IOException e) {
                throw new ApiError(422, "runs[" + i + "].checkpointId", "the checkpoint will not read: " + e.getMessage());
            }
            String d = cp.meta().has("dataset") ? cp.meta().get("dataset").getAsString() : null;
            if (d == null) {
                throw new ApiError(422, "runs[" + i + "].checkpointId", "the checkpoint does not say which dataset it was trained on");
            }
            if (dataset == null) {
                dataset = d;
                params = new ParamMap(cp.params());
            } else if (!dataset.equals(d)) {
                throw ApiError.badRequest("captions.heldOut", "the runs were trained on different datasets (" + dataset + ", " + d
                        + "): held-out captions need one; type the captions instead");
            }
        }
        try {
            return VideoDatasets.IDS.contains(dataset)
                    ? new HeldOutClips(VideoDatasets.open(dataset, Split.TEST, params))
                    : new HeldOutImages(Datasets.open(dataset, Split.TEST, params));
        } catch (IllegalArgumentException e) {
            throw new ApiError(409, "captions.heldOut", "the held-out set will not open: " + e.getMessage());
        }
    }

    private static File write(Path dir, byte[] bytes, String mediaType, int width, int frames) {
        String name = OpaqueIds.id() + (mediaType.equals("image/gif") ? ".gif" : ".png");
        try {
            Files.write(dir.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a study sample", e);
        }
        return new File(name, mediaType, width, frames);
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a leftover in studies/new-*: harmless, never served
                }
            });
        } catch (IOException ignored) {
            // as above
        }
    }
}
