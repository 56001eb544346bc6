package org.peng4nn.producers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.peng4nn.events.EpochMetric;
import org.peng4nn.events.EpochMetrics;
import org.peng4nn.events.LrMilestones;
import org.peng4nn.events.serde.EventSerdes;

/** The Java client without a broker: what a run declares reaches every event it reports. */
class EpochReporterTest {

    private final MockProducer<String, EpochMetric> producer = new MockProducer<>(true, null, new StringSerializer(),
            EventSerdes.epochMetric().serializer());
    private final EpochReporter reporter = new EpochReporter(producer, "peng4nn.epochs", "gpu-3");

    @Test
    void aRunsMilestonesGoOnEveryEventOfTheRun() {
        EpochReporter.Run run = reporter.run("s", "m7", 2, 25, LrMilestones.of(20, 10));
        run.report(0, 31.5);
        run.report(1, 44.0);
        run.report(EpochMetrics.valAccuracy("other", "other", 1, "x", 2, 99, 50.0, 1.0, Instant.now()).build());
        reporter.flush();

        List<EpochMetric> sent = producer.history().stream().map(ProducerRecord::value).toList();
        assertThat(sent).hasSize(3).allSatisfy(e -> {
            assertThat(e.getLrMilestones()).containsExactly(10.0, 20.0);
            assertThat(e.getModelId()).isEqualTo("m7");
            assertThat(e.getSearchId()).isEqualTo("s");
            assertThat(e.getRun()).isEqualTo(2);
            assertThat(e.getMaxEpochs()).isEqualTo(25);
            assertThat(e.getTrainerId()).isEqualTo("gpu-3");
        });
        assertThat(sent).extracting(EpochMetric::getEpoch).containsExactly(0.0, 1.0, 2.0);
        assertThat(producer.history()).extracting(ProducerRecord::key).containsOnly("m7");
    }

    @Test
    void aReportWithoutMilestonesDeclaresNone() {
        reporter.report("s", "m1", 1, 0, 25, 30.0);
        reporter.report("s", "m2", 1, 0, 25, 30.0, LrMilestones.of(5));
        reporter.flush();

        assertThat(producer.history()).extracting(r -> r.value().getLrMilestones())
                .containsExactly(List.of(), List.of(5.0));
    }
}
