package org.peng4nn.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The contract's conventions for epoch events, in the one factory every producer of them uses. */
class EpochMetricsTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void oncePerEpochIsWrittenAsTheContractsNullAndReadBackAsOne() {
        EpochMetric whole = EpochMetrics.valAccuracy("s", "m", 1, "t", 3, 25, 71.5, 1.0, NOW).build();
        assertThat(whole.getEvalInterval()).isNull();
        assertThat(EpochMetrics.evalInterval(whole)).isEqualTo(1.0);
        assertThat(whole.getMetric()).isEqualTo(EpochMetrics.VAL_ACC);
        assertThat(whole.getEventTime()).isEqualTo(NOW);

        EpochMetric half = EpochMetrics.valAccuracy("s", "m", 2, "t", 3.5, 25, 72.0, 0.5, NOW).setLoss(0.7).build();
        assertThat(half.getEvalInterval()).isEqualTo(0.5);
        assertThat(EpochMetrics.evalInterval(half)).isEqualTo(0.5);
        assertThat(half.getLoss()).isEqualTo(0.7);
        assertThat(half.getRun()).isEqualTo(2);
    }
}
