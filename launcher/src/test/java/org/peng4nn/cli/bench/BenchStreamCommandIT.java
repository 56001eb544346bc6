package org.peng4nn.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.peng4nn.cli.Peng4nn;
import picocli.CommandLine;

/** {@code bench stream} end to end on its own embedded broker, with a tiny workload. */
class BenchStreamCommandIT {

    @Test
    void reportsThroughputOfBothTopologiesAndStopLatencies() throws Exception {
        String home = System.getProperty("peng4nn.home");
        System.setProperty("peng4nn.home", "..");
        PrintStream originalOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        int status;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            CommandLine cli = Peng4nn.commandLine();
            cli.setErr(new PrintWriter(err, true));
            status = cli.execute("bench", "stream", "--events", "500", "--warmup-events", "300", "--concurrent", "20",
                    "--latency-models", "60", "--rate", "200", "--json");
        } finally {
            System.setOut(originalOut);
            if (home == null) {
                System.clearProperty("peng4nn.home");
            } else {
                System.setProperty("peng4nn.home", home);
            }
        }
        assertThat(status).as(err.toString()).isZero();
        String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
        JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);

        assertThat(json.get("events").asLong()).isBetween(400L, 500L);
        assertThat(json.get("warmup_events").asLong()).isBetween(200L, 300L);
        assertThat(json.get("predictor_events_per_s").asDouble()).isPositive();
        assertThat(json.get("passthrough_events_per_s").asDouble()).isPositive();
        assertThat(json.get("ratio").asDouble()).isStrictlyBetween(0.0, 10.0)
                .isCloseTo(json.get("predictor_events_per_s").asDouble()
                        / json.get("passthrough_events_per_s").asDouble(), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(json.get("store_only_events_per_s").asDouble()).isPositive();
        assertThat(json.get("policy_ratio").asDouble()).isCloseTo(json.get("predictor_events_per_s").asDouble()
                / json.get("store_only_events_per_s").asDouble(), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(json.get("predictor_cpu_us_per_event").asDouble()).isPositive();
        assertThat(json.get("store_only_cpu_us_per_event").asDouble()).isPositive();
        assertThat(json.get("passthrough_cpu_us_per_event").asDouble()).isPositive();
        assertThat(json.get("searches").asInt()).isEqualTo(1);
        if (json.get("regrouped_by_search").asBoolean()) {
            // a policy that learns from its search decides on the interleaving of its events, which differs
            // between the offline run and the paced one: stops, but not necessarily the offline count
            assertThat(json.get("stops").asInt()).isPositive();
        } else {
            // one stop command, hence one latency, per model the policy stops early offline
            assertThat(json.get("stops").asInt()).isPositive().isEqualTo(json.get("expected_stops").asInt());
        }
        double p50 = json.get("stop_latency_p50_ms").asDouble();
        double p99 = json.get("stop_latency_p99_ms").asDouble();
        assertThat(p50).isGreaterThanOrEqualTo(0.0).isLessThanOrEqualTo(p99);
        assertThat(p99).isPositive();
        assertThat(json.get("stop_visible_latency_p99_ms").asDouble()).isGreaterThanOrEqualTo(0.0);
        assertThat(json.get("processing_guarantee").asText()).isEqualTo("exactly_once_v2");
    }
}
