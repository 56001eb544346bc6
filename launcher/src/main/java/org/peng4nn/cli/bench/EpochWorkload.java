package org.peng4nn.cli.bench;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.LongSupplier;
import org.peng4nn.engine.evaluation.LabeledCurve;
import org.peng4nn.events.EpochMetric;
import org.peng4nn.events.EpochMetrics;

/**
 * The epoch events of a benchmark, in the order concurrent trainers would publish them: {@code concurrent}
 * models train side by side and take turns reporting one evaluation each; when a model has sent all its
 * evaluations, the next model takes its place. Model {@code k} replays curve {@code k mod curves} under
 * its own id and sends the first {@code sendCounts[k mod curves]} evaluations of it (a trainer that
 * obeys its stop command sends nothing after the stop).
 * <p>
 * Deterministic and lazy: events are made as they are read, so a million of them never sit in memory.
 *
 * @param curves     the learning curves to replay
 * @param sendCounts evaluations each curve's models send, 1 to its length
 * @param concurrent models training at once
 * @param models     models in all; the workload ends when the last one has sent its evaluations
 * @param searchId   search id of every event, or their prefix when there are several searches
 * @param searches   searches the models are dealt to in turn (model k to search k mod searches): with a policy
 *                   that learns from its search each search is one task of the predictor
 */
public record EpochWorkload(List<LabeledCurve> curves, int[] sendCounts, int concurrent, long models,
                            String searchId, int searches) implements Iterable<EpochMetric> {

    /** All models in one search. */
    public EpochWorkload(List<LabeledCurve> curves, int[] sendCounts, int concurrent, long models, String searchId) {
        this(curves, sendCounts, concurrent, models, searchId, 1);
    }

    public EpochWorkload {
        curves = List.copyOf(curves);
        if (curves.isEmpty() || sendCounts.length != curves.size()) {
            throw new IllegalArgumentException("need one send count per curve, got " + sendCounts.length + " for "
                    + curves.size() + " curves");
        }
        for (int i = 0; i < sendCounts.length; i++) {
            if (sendCounts[i] < 1 || sendCounts[i] > curves.get(i).size()) {
                throw new IllegalArgumentException("curve " + curves.get(i).modelId() + ": send count "
                        + sendCounts[i] + " outside 1.." + curves.get(i).size());
            }
        }
        if (concurrent < 1 || models < 1 || searches < 1) {
            throw new IllegalArgumentException("need at least one model, one concurrent model and one search");
        }
        sendCounts = sendCounts.clone();
    }

    /** The id of model {@code k}: distinct for every model, with the replayed curve's id for reading logs. */
    public String modelId(long k) {
        return "bench-" + k + "-" + curves.get(curveOf(k)).modelId();
    }

    /** Events in the whole workload. */
    public long events() {
        long perCycle = 0;
        for (int count : sendCounts) {
            perCycle += count;
        }
        long cycles = models / curves.size();
        long events = cycles * perCycle;
        for (int i = 0; i < models % curves.size(); i++) {
            events += sendCounts[i];
        }
        return events;
    }

    /** The largest number of models whose events add up to at most {@code events} (at least one). */
    public static long modelsFor(int[] sendCounts, long events) {
        long sum = 0;
        long models = 0;
        while (sum < events) {
            int next = sendCounts[(int) (models % sendCounts.length)];
            if (models > 0 && sum + next > events) {
                break;
            }
            sum += next;
            models++;
        }
        return Math.max(1, models);
    }

    /** The events, each stamped by {@code clock} (epoch milliseconds) when it is made. */
    public Iterator<EpochMetric> iterator(LongSupplier clock) {
        return new Events(clock);
    }

    @Override
    public Iterator<EpochMetric> iterator() {
        return iterator(System::currentTimeMillis);
    }

    private int curveOf(long k) {
        return (int) (k % curves.size());
    }

    /** One model in training: which one, and how many evaluations it has sent. */
    private static final class Slot {
        final long model;
        int sent;

        Slot(long model) {
            this.model = model;
        }
    }

    private final class Events implements Iterator<EpochMetric> {
        private final LongSupplier clock;
        private final Deque<Slot> training = new ArrayDeque<>();
        private long nextModel;

        Events(LongSupplier clock) {
            this.clock = clock;
            while (training.size() < concurrent && nextModel < models) {
                training.addLast(new Slot(nextModel++));
            }
        }

        @Override
        public boolean hasNext() {
            return !training.isEmpty();
        }

        @Override
        public EpochMetric next() {
            Slot slot = training.pollFirst();
            if (slot == null) {
                throw new NoSuchElementException();
            }
            LabeledCurve curve = curves.get(curveOf(slot.model));
            int i = slot.sent++;
            String search = searches == 1 ? searchId : searchId + "-" + slot.model % searches;
            EpochMetric event = EpochMetrics.valAccuracy(search, modelId(slot.model), 1, "bench", curve.epochs()[i],
                    (int) Math.round(curve.size() * curve.interval()), curve.accuracies()[i], curve.interval(),
                    Instant.ofEpochMilli(clock.getAsLong())).build();
            if (slot.sent < sendCounts[curveOf(slot.model)]) {
                training.addLast(slot);
            } else if (nextModel < models) {
                training.addLast(new Slot(nextModel++));
            }
            return event;
        }
    }
}
