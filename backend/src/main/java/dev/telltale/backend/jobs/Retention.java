package dev.telltale.backend.jobs;

import dev.telltale.backend.store.ArtifactView;
import dev.telltale.backend.store.MetricStore;
import dev.telltale.backend.store.RunView;
import dev.telltale.backend.store.SeriesView;
import dev.telltale.backend.store.Tracking;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Keeps a launched run's disk use bounded: after each new checkpoint, only the newest
 * {@code keepCheckpoints} stay, plus the best by {@code bestMetric} (its value at each checkpoint's
 * step; eval/fid and anything ending in fid or loss count lower as better). 0 keeps everything.
 */
public final class Retention {

    private static final Logger LOG = Logger.getLogger(Retention.class.getName());

    private final Tracking tracking;

    public Retention(Tracking tracking) {
        this.tracking = tracking;
    }

    /** Applies the run's retention; returns the ids of the checkpoints removed. */
    public List<Long> apply(long runId) {
        RunView run = tracking.runs().require(runId);
        String spec = run.execution().specJson();
        if (spec == null) {
            return List.of();
        }
        JsonObject params = new JsonObject(spec).getJsonObject("params", new JsonObject());
        int keep = params.getInteger("keepCheckpoints", 0);
        if (keep <= 0) {
            return List.of();
        }
        List<ArtifactView> checkpoints = tracking.artifacts().list(runId, "checkpoint"); // newest step first
        if (checkpoints.size() <= keep) {
            return List.of();
        }
        Set<Long> kept = new HashSet<>();
        for (int i = 0; i < keep; i++) {
            kept.add(checkpoints.get(i).id());
        }
        best(runId, params.getString("bestMetric", ""), checkpoints).ifPresent(kept::add);
        List<Long> removed = new ArrayList<>();
        for (ArtifactView a : checkpoints) {
            if (kept.contains(a.id())) {
                continue;
            }
            try {
                Path file = tracking.folder().runDir(runId).resolve(a.path());
                // the row first: a server killed between the two leaves a file no row names (disk
                // space), never a listed checkpoint whose file is gone
                tracking.artifacts().delete(a.id());
                removed.add(a.id());
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warning("could not remove checkpoint " + a.path() + " of run " + runId + ": " + e.getMessage());
            }
        }
        return removed;
    }

    private java.util.Optional<Long> best(long runId, String metric, List<ArtifactView> checkpoints) {
        if (metric == null || metric.isBlank()) {
            return java.util.Optional.empty();
        }
        boolean lowerIsBetter = metric.endsWith("fid") || metric.contains("loss");
        MetricStore metrics = tracking.metrics();
        SeriesView series = metrics.read(runId, List.of(metric), 0, Long.MAX_VALUE, Integer.MAX_VALUE).get(0);
        Long bestId = null;
        double bestValue = 0;
        for (ArtifactView a : checkpoints) {
            if (a.step() == null) {
                continue;
            }
            int at = java.util.Arrays.binarySearch(series.steps(), a.step());
            if (at < 0) {
                continue;
            }
            double v = series.values()[at];
            if (bestId == null || (lowerIsBetter ? v < bestValue : v > bestValue)) {
                bestId = a.id();
                bestValue = v;
            }
        }
        return java.util.Optional.ofNullable(bestId);
    }
}
