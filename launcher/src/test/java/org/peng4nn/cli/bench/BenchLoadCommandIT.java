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

/** {@code bench load} end to end on its own embedded broker, with a small load on two predictor instances. */
class BenchLoadCommandIT {

    @Test
    void reconcilesEveryModelAcrossTwoInstancesWithNothingLost() throws Exception {
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
            status = cli.execute("bench", "load", "--models", "200", "--epochs", "6", "--instances", "2",
                    "--producers", "3", "--rate", "400", "--json");
        } finally {
            System.setOut(originalOut);
            if (home == null) {
                System.clearProperty("peng4nn.home");
            } else {
                System.setProperty("peng4nn.home", home);
            }
        }
        String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
        JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
        assertThat(status).as(err + " " + json).isZero();

        assertThat(json.get("models").asLong()).isEqualTo(200);
        assertThat(json.get("instances").asInt()).isEqualTo(2);
        // every model sends at least its first epoch, at most all six
        assertThat(json.get("events").asLong()).isBetween(200L, 1200L);
        assertThat(json.get("events_per_s").asDouble()).isPositive();
        // paced: the producers cannot have published faster than 400 events/s together (5 % for the clocks)
        assertThat(json.get("rate").asDouble()).isEqualTo(400);
        assertThat(json.get("seconds").asDouble()).isGreaterThan(json.get("events").asLong() / 400.0 * 0.95);
        assertThat(json.has("stop_latency_p50_ms")).isTrue();
        assertThat(json.has("stop_latency_p99_ms")).isTrue();
        assertThat(json.get("heap_mb").asDouble()).isPositive();
        assertThat(json.get("results_missing").asLong()).isZero();
        assertThat(json.get("results_duplicated").asLong()).isZero();
        assertThat(json.get("stops_duplicated").asLong()).isZero();
        assertThat(json.get("events_lost").asLong()).isZero();
        assertThat(json.get("events_processed_twice").asLong()).isZero();
        // reconciled per model from the stored records: every event published is in them, once
        assertThat(json.get("events_processed").asLong()).isEqualTo(json.get("events").asLong());
    }
}
