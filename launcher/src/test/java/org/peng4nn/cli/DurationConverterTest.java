package org.peng4nn.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** Every duration flag (search, demo and replay --timeout) reads the same short and ISO-8601 forms. */
class DurationConverterTest {

    @Test
    void durationsReadShortAndIsoForms() {
        assertThat(DurationConverter.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(DurationConverter.parse("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(DurationConverter.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(DurationConverter.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(DurationConverter.parse("PT1H30M")).isEqualTo(Duration.ofMinutes(90));
        assertThat(DurationConverter.parse("pt10m")).isEqualTo(Duration.ofMinutes(10));
        assertThatThrownBy(() -> DurationConverter.parse("soon")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("'soon' is not a duration");
        assertThatThrownBy(() -> DurationConverter.parse("-PT1M")).isInstanceOf(TypeConversionException.class);
    }

    @Test
    void replayAndDemoTimeoutsTakeTheShortForm() {
        assertThat(CliRun.of("replay", "--timeout", "soon", "--input", "x.csv").status()).isEqualTo(2);
        assertThat(CliRun.of("demo", "--timeout", "soon").stderr()).contains("'soon' is not a duration");
    }
}
