package org.peng4nn.predictor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.Test;

class StreamThreadFailuresTest {

    @Test
    void oneFailureIsRecoveryAThreadThatKeepsFailingIsFailingUntilTheWindowPasses() {
        AtomicLong now = new AtomicLong(1_000_000);
        StreamThreadFailures failures = new StreamThreadFailures(now::get);

        failures.record(new RecordTooLargeException("too large"));
        assertThat(failures.failing()).as("one replaced thread may well recover").isEmpty();

        now.addAndGet(45_000);  // the replaced thread fails again on the same record
        failures.record(new RecordTooLargeException("too large"));
        assertThat(failures.failing()).get().asString().contains("2 stream thread failures", "RecordTooLargeException");

        now.addAndGet(StreamThreadFailures.WINDOW.toMillis());
        assertThat(failures.failing()).as("no failure for a whole window").isEmpty();
    }
}
