package org.peng4nn.predictor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peng4nn.predictor.PredictorFixture.event;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.peng4nn.engine.policy.Policies;
import org.peng4nn.events.EpochMetric;
import org.peng4nn.events.serde.EventSerdes;

/**
 * Garbage on the epochs topic, through the real topology: arbitrary bytes, bytes that start like an
 * event and then are not, and events with arbitrary field values, mixed into a batch with good events.
 * Nothing escapes the topology, every record is either dead-lettered with a reason or taken in (or
 * ignored as another metric), and every good record of the batch is in the store.
 * <p>
 * Seeds are fixed ({@code seed}), so a failure is reproducible; the tries are in docs/RELIABILITY.md.
 */
class EpochsTopicFuzzProperties {

    static final int TRIES = 200;
    private static final SearchPolicies PENGUIN = SearchPolicies.of(Policies.REFERENCE, Map.of());
    private static final byte[] SINGLE_OBJECT_MAGIC = {(byte) 0xC3, 0x01};

    /** One input record: its key, its bytes, and whether the test built it to be a good event. */
    record Input(String key, byte[] value, boolean good) {
    }

    /** One topology for all tries: a driver per try costs ~0.4 s; batches only touch their own offsets. */
    private static PredictorFixture p;
    private static long sent;
    private static long deadLettered;

    @BeforeContainer
    static void startTopology() {
        p = new PredictorFixture(PENGUIN);
    }

    @AfterContainer
    static void closeTopology() {
        // the figure docs/RELIABILITY.md quotes
        System.out.printf("epochs fuzz: %d records in %d tries, %d dead-lettered%n", sent, TRIES, deadLettered);
        p.close();
    }

    @Property(tries = TRIES, seed = "16003", shrinking = ShrinkingMode.OFF)
    void everyBadRecordIsDeadLetteredWithAReasonAndEveryGoodOneIsProcessed(@ForAll("batches") List<Input> batch) {
        long first = sent;
        sent += batch.size();
        for (Input input : batch) {
            p.epochs.pipeInput(input.key(), input.value()); // nothing may be thrown out of the topology
        }

        Map<Long, String> reasons = new HashMap<>();
        for (TestRecord<String, byte[]> dead : p.dlq.readRecordsToList()) {
            String reason = header(dead, EpochProcessor.REASON);
            assertThat(reason).as("dead letter without a reason").isNotBlank();
            deadLettered++;
            reasons.put(Long.parseLong(header(dead, EpochProcessor.SOURCE_OFFSET)), reason);
        }
        for (int offset = 0; offset < batch.size(); offset++) {
            Input input = batch.get(offset);
            String reason = reasons.get(first + offset);
            if (input.good()) {
                assertThat(reason).as("good record %d dead-lettered", offset).isNull();
                assertThat(p.models().get(input.key())).as("good record %d not in the store", offset).isNotNull();
                continue;
            }
            if (reason != null) {
                continue;
            }
            // not dead-lettered: then it decoded, passed the checks and was taken in or ignored as another metric
            EpochMetric e = EventSerdes.epochMetric().deserialize("t", input.value());
            assertThat(EpochCheck.problem(input.key(), e)).as("record %d: invalid but not dead-lettered", offset).isEmpty();
            assertThat(p.models().get(e.getModelId()) != null || !"val_acc".equals(e.getMetric()))
                    .as("record %d neither dead-lettered nor processed", offset).isTrue();
        }
    }

    @Provide
    Arbitrary<List<Input>> batches() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, randomBytes()),
                Tuple.of(2, fakeHeaders()),
                Tuple.of(4, arbitraryEvents()),
                Tuple.of(3, goodEvents()))
                .list().ofMinSize(1).ofMaxSize(12);
    }

    private static Arbitrary<Input> randomBytes() {
        return Combinators.combine(keys(), Arbitraries.bytes().array(byte[].class).ofMaxSize(300))
                .as((key, bytes) -> new Input(key, bytes, false));
    }

    /** The single-object magic, then an unknown or the real fingerprint, then garbage: tests each decode failure. */
    private static Arbitrary<Input> fakeHeaders() {
        byte[] realHeader = java.util.Arrays.copyOf(
                EventSerdes.epochMetric().serialize("t", event("m", 1, 0, 25, 50).build()), 10);
        Arbitrary<byte[]> header = Arbitraries.oneOf(
                Arbitraries.just(realHeader),
                Arbitraries.bytes().array(byte[].class).ofSize(8).map(fp -> concat(SINGLE_OBJECT_MAGIC, fp)));
        return Combinators.combine(keys(), header, Arbitraries.bytes().array(byte[].class).ofMaxSize(200))
                .as((key, h, tail) -> new Input(key, concat(h, tail), false));
    }

    /** A well-formed event whose fields are anything their types allow. */
    private static Arbitrary<Input> arbitraryEvents() {
        Arbitrary<Double> doubles = Arbitraries.oneOf(Arbitraries.doubles(), Arbitraries.doubles().between(-1, 101),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, 100.0,
                        Double.MIN_VALUE, Double.MAX_VALUE));
        Arbitrary<Integer> ints = Arbitraries.oneOf(Arbitraries.integers(), Arbitraries.integers().between(-2, 30));
        Arbitrary<String> ids = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40), Arbitraries.of("m", "", " ", "s1"));
        Arbitrary<String> metrics = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(10), Arbitraries.just("val_acc"));
        Arbitrary<Double> interval = Arbitraries.oneOf(Arbitraries.just((Double) null), doubles);
        Arbitrary<List<Double>> milestones = doubles.list().ofMaxSize(4);
        Arbitrary<EpochMetric> events = Combinators.combine(ids, ids, ints, doubles, ints, doubles, metrics, interval)
                .as((search, model, run, epoch, max, value, metric, iv) -> event(model, run, epoch, max, value)
                        .setSearchId(search).setMetric(metric).setEvalInterval(iv))
                .flatMap(b -> milestones.map(ms -> b.setLrMilestones(ms).build()));
        return Combinators.combine(events, Arbitraries.integers().between(0, 9), keys()).as((e, keyChoice, key) ->
                // mostly keyed by its model_id, as a producer does, so the field checks are reached
                new Input(keyChoice < 8 ? e.getModelId() : key, EventSerdes.epochMetric().serialize("t", e), false));
    }

    private static Arbitrary<Input> goodEvents() {
        return Combinators.combine(Arbitraries.integers().between(0, 1_000_000), Arbitraries.integers().between(0, 24),
                Arbitraries.doubles().between(0, 100)).as((n, epoch, value) -> {
                    String model = "good-" + n;
                    return new Input(model, EventSerdes.epochMetric().serialize("t",
                            event(model, 1, epoch, 25, value).build()), true);
                });
    }

    private static Arbitrary<String> keys() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(30), Arbitraries.just("m"), Arbitraries.just(null));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String header(TestRecord<String, byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
