package org.peng4nn.predictor;

import java.time.Instant;
import java.util.List;
import java.util.function.LongSupplier;
import org.peng4nn.engine.policy.CurvePrediction;
import org.peng4nn.engine.policy.Decision;
import org.peng4nn.engine.policy.FinishedFitness;
import org.peng4nn.engine.policy.ModelState;
import org.peng4nn.engine.policy.StoppingPolicy;
import org.peng4nn.engine.population.SearchState;
import org.peng4nn.engine.population.SearchView;
import org.peng4nn.events.EpochMetric;
import org.peng4nn.events.EpochMetrics;
import org.peng4nn.events.LrMilestones;
import org.peng4nn.events.ModelResult;
import org.peng4nn.events.ModelResults;
import org.peng4nn.events.Prediction;
import org.peng4nn.events.Predictions;
import org.peng4nn.events.ResultStatus;
import org.peng4nn.events.StopCommand;
import org.peng4nn.events.StopCommands;
import org.peng4nn.events.StopReason;
import org.peng4nn.predictor.PredictorMetrics.EventOutcome;

/**
 * One valid epoch event applied to one model's record: the pure heart of the predictor, free of
 * Kafka so every semantic is unit-tested directly. The same policy code runs in {@code evaluate}.
 *
 * <ul>
 * <li>a higher run than the stored one starts a fresh curve; a lower run is stale and ignored;</li>
 * <li>an epoch the curve already has is a duplicate: nothing changes, nothing is published;</li>
 * <li>out-of-order epochs are inserted in order and the curve is refitted;</li>
 * <li>a finished model (stopped or completed) only counts further events: never a second stop;</li>
 * <li>a stop decided at the run's last evaluation saves nothing, so that run simply COMPLETES
 *     ({@link ModelState#stoppedEarly()}, as {@code evaluate} counts it);</li>
 * <li>for a policy that learns from the search, a model's first event gives it the next ordinal of
 *     its search and its finish updates the search ({@link SearchState}), exactly as {@code evaluate}
 *     does, so the same sequence of events gives the same decisions; a retried run keeps its ordinal.</li>
 * </ul>
 *
 * @param record    the record to store, or null when the store must not change
 * @param emitted   what to publish
 * @param outcome   what became of the event, for the metrics
 * @param fitNanos  time spent in a policy step that fitted curves, or -1 when none ran
 * @param search    the search's state to store, or null when it did not change
 */
public record ModelStep(ModelRecord record, Emitted emitted, EventOutcome outcome, long fitNanos, SearchState search) {

    /** The metric the predictor fits; events of other metrics share the topic and are ignored. */
    public static final String FITTED_METRIC = EpochMetrics.VAL_ACC;

    /**
     * @param search the state of the event's search when its policy learns from the search
     *               ({@link SearchPolicies#learnsFromSearch}), else null
     */
    public static ModelStep apply(ModelRecord prior, EpochMetric e, SearchPolicies policies, SearchState search,
            long nowMs, LongSupplier nanoClock) {
        if (!FITTED_METRIC.equals(e.getMetric())) {
            return unchanged(EventOutcome.IGNORED);
        }
        if (prior != null && e.getRun() < prior.run()) {
            return new ModelStep(prior.withIgnored(nowMs), Emitted.NOTHING, EventOutcome.IGNORED, -1, null);
        }
        StoppingPolicy policy = policies.forSearch(e.getSearchId());
        SearchState searchAfter = search;
        ModelRecord record = prior;
        if (prior == null || e.getRun() > prior.run()) {
            boolean counted = prior != null && prior.ordinal() != ModelRecord.NO_ORDINAL;
            int ordinal = search == null ? ModelRecord.NO_ORDINAL : counted ? prior.ordinal() : search.started();
            if (search != null && !counted) {
                searchAfter = search.withStarted();
            }
            record = fresh(e, ordinal, policy, nowMs);
        }
        if (record.status().finished()) {
            return new ModelStep(record.withIgnored(nowMs), Emitted.NOTHING, EventOutcome.IGNORED, -1, null);
        }
        double epoch = e.getEpoch();
        if (record.state().curve().contains(epoch)) {
            return unchanged(EventOutcome.DUPLICATE);
        }

        ModelState before = record.state();
        long start = nanoClock.getAsLong();
        SearchView view = search == null ? SearchView.of(FinishedFitness.EMPTY)
                : search.view(before, record.ordinal(), LrMilestones.of(e).toArray());
        ModelState after = policy.observe(before, epoch, e.getValue(), view);
        boolean fitted = after.latest() != before.latest();
        long fitNanos = fitted ? nanoClock.getAsLong() - start : -1;

        Prediction prediction = fitted && after.latest().hasValue() ? prediction(record, after, nowMs) : null;
        EventOutcome outcome = fitted ? EventOutcome.FITTED : EventOutcome.RECORDED;
        boolean finishing = after.stoppedEarly() || after.atLastEvaluation();
        if (finishing && searchAfter != null) {
            searchAfter = searchAfter.withFinished(after);
        }
        SearchState searchChanged = searchAfter == search ? null : searchAfter;
        if (after.stoppedEarly()) {
            ModelRecord stopped = record.with(ModelStatus.STOPPED, after, nowMs);
            return new ModelStep(stopped, new Emitted(prediction, stopCommand(stopped, nowMs),
                    result(stopped, ResultStatus.STOPPED_EARLY, nowMs), null), outcome, fitNanos, searchChanged);
        }
        if (after.atLastEvaluation()) {
            ModelRecord completed = record.with(ModelStatus.COMPLETED, after, nowMs);
            return new ModelStep(completed, new Emitted(prediction, null,
                    result(completed, ResultStatus.COMPLETED, nowMs), null), outcome, fitNanos, searchChanged);
        }
        return new ModelStep(record.with(ModelStatus.TRAINING, after, nowMs), new Emitted(prediction, null, null, null),
                outcome, fitNanos, searchChanged);
    }

    private static ModelStep unchanged(EventOutcome outcome) {
        return new ModelStep(null, Emitted.NOTHING, outcome, -1, null);
    }

    private static ModelRecord fresh(EpochMetric e, int ordinal, StoppingPolicy policy, long nowMs) {
        ModelState state = policy.start(e.getMaxEpochs(), EpochCheck.interval(e));
        return new ModelRecord(e.getSearchId(), e.getModelId(), e.getRun(), ordinal, e.getMaxEpochs(), policy.name(),
                ModelStatus.TRAINING, state, 0, nowMs, nowMs);
    }

    private static Prediction prediction(ModelRecord record, ModelState state, long nowMs) {
        CurvePrediction p = state.latest();
        return Predictions.of(record.searchId(), record.modelId(), record.run(), state.curve().lastEpoch(),
                record.maxEpochs(), p.predictedFinal(), p.lower(), p.upper(), p.parameters(), p.family(),
                state.decision().stopped(), Instant.ofEpochMilli(nowMs));
    }

    private static StopCommand stopCommand(ModelRecord record, long nowMs) {
        Decision d = record.state().decision();
        return StopCommands.stop(record.searchId(), record.modelId(), record.run(),
                d.reason() == Decision.Reason.PRUNED ? StopReason.PRUNED : StopReason.CONVERGED, d.atEpoch(),
                d.fitness(), Instant.ofEpochMilli(nowMs));
    }

    private static ModelResult result(ModelRecord record, ResultStatus status, long nowMs) {
        ModelState state = record.state();
        double predicted = latestFinitePrediction(state);
        Instant now = Instant.ofEpochMilli(nowMs);
        // the predictor never sees the job; the search driver knows each model's architecture
        String architecture = "";
        if (status == ResultStatus.COMPLETED) {
            return ModelResults.completed(record.searchId(), record.modelId(), record.run(), record.maxEpochs(),
                    state.curve().lastAccuracy(), predicted, architecture, now);
        }
        return ModelResults.stoppedEarly(record.searchId(), record.modelId(), record.run(),
                state.curve().lastEpoch() + state.interval(), record.maxEpochs(), state.curve().lastAccuracy(),
                predicted, record.fitness(), architecture, now);
    }

    private static double latestFinitePrediction(ModelState state) {
        List<CurvePrediction> history = state.history();
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i).hasValue()) {
                return history.get(i).predictedFinal();
            }
        }
        return Double.NaN;
    }
}
