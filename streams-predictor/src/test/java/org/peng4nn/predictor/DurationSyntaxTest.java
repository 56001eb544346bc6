package org.peng4nn.predictor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The one duration syntax of configuration keys and flags: short forms and ISO-8601. */
class DurationSyntaxTest {

    @Test
    void shortFormsAndIsoReadTheSame() {
        assertThat(DurationSyntax.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(DurationSyntax.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(DurationSyntax.parse("10m")).isEqualTo(Duration.ofMinutes(10))
                .isEqualTo(DurationSyntax.parse("PT10M")).isEqualTo(DurationSyntax.parse("pt10m"));
        assertThat(DurationSyntax.parse(" 24H ")).isEqualTo(Duration.ofHours(24)).isEqualTo(DurationSyntax.parse("PT24H"));
        assertThat(DurationSyntax.parse("0s")).isZero();
    }

    @Test
    void anythingElseIsRefusedQuotingTheText() {
        assertThatThrownBy(() -> DurationSyntax.parse("1 day")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'1 day' is not a duration (" + DurationSyntax.EXAMPLES + ")");
        assertThatThrownBy(() -> DurationSyntax.parse("")).hasMessageContaining("is not a duration");
        assertThatThrownBy(() -> DurationSyntax.parse("10")).as("a bare number has no unit")
                .hasMessageContaining("'10' is not a duration");
        assertThatThrownBy(() -> DurationSyntax.parse("-PT1M")).hasMessage("'-PT1M' is negative");
        assertThatThrownBy(() -> DurationSyntax.parse("99999999999999999999h")).hasMessageContaining("not a duration");
    }
}
