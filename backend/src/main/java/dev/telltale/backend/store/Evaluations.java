package dev.telltale.backend.store;

import static dev.telltale.db.generated.Tables.EVALUATION;
import static dev.telltale.db.generated.Tables.RUN;

import java.time.OffsetDateTime;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;

/** Evaluation results of runs: a metric at a step with its spread, sample count and evaluator. */
public final class Evaluations {

    private final DSLContext dsl;

    public Evaluations(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** One evaluation result. */
    public record Evaluation(long step, String metric, double mean, Double std, Integer n, String evaluator, OffsetDateTime createdAt) {}

    public void add(long runId, Evaluation e) {
        if (!Double.isFinite(e.mean()) || (e.std() != null && !Double.isFinite(e.std()))) {
            throw new InvalidInputException("mean", "evaluation values must be finite");
        }
        if (!dsl.fetchExists(RUN, RUN.ID.eq(runId))) {
            throw RunStore.notFound(runId);
        }
        dsl.insertInto(EVALUATION)
                .set(EVALUATION.RUN_ID, runId)
                .set(EVALUATION.STEP, e.step())
                .set(EVALUATION.METRIC, e.metric())
                .set(EVALUATION.MEAN, e.mean())
                .set(EVALUATION.STD, e.std())
                .set(EVALUATION.N, e.n())
                .set(EVALUATION.EVALUATOR, e.evaluator())
                .set(EVALUATION.CREATED_AT, RunStore.now())
                .execute();
    }

    public List<Evaluation> list(long runId, String metric) {
        Condition c = EVALUATION.RUN_ID.eq(runId);
        if (metric != null) {
            c = c.and(EVALUATION.METRIC.eq(metric));
        }
        return dsl.selectFrom(EVALUATION).where(c).orderBy(EVALUATION.STEP, EVALUATION.METRIC, EVALUATION.ID)
                .fetch(r -> new Evaluation(r.getStep(), r.getMetric(), r.getMean(), r.getStd(), r.getN(), r.getEvaluator(), r.getCreatedAt()));
    }
}
