package org.peng4nn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Runs commands through the real command line, as {@code ./peng4nn} does, and reads what they print. */
class CommandLineTest {

    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static Path bundled() {
        return Path.of("..", "data", "a4nn", "1gpu_1e16_training_data.csv");
    }

    @Test
    void evaluateReproducesThePenguinReferenceFiguresOfTheBundledFile() throws Exception {
        CliRun r = run("evaluate", "--input", bundled().toString(), "--format", "a4nn", "--policy", "penguin", "--json");
        assertThat(r.status()).isZero();
        JsonNode json = r.json();
        // the figures shared/data/README.md derives from PENGUIN's own recorded columns
        assertThat(json.get("models").asInt()).isEqualTo(100);
        assertThat(json.get("epochs_total").asInt()).isEqualTo(2500);
        assertThat(json.get("stopped").asInt()).isEqualTo(61);
        assertThat(json.get("epochs_saved").asDouble()).isBetween(0.3475, 0.3495);
        assertThat(json.get("mae").asDouble()).isBetween(2.65, 2.67);
        for (String key : new String[] {"epochs_used", "top10_recall", "top10_regret", "fit_us_median"}) {
            assertThat(json.has(key)).as(key).isTrue();
        }
        assertThat(r.stderr()).contains("61 stopped early");
    }

    @Test
    void epochsBudgetCutsCurves() throws Exception {
        CliRun r = run("evaluate", "--input", bundled().toString(), "--format", "a4nn", "--policy", "penguin",
                "--epochs", "10", "--json");
        assertThat(r.status()).isZero();
        assertThat(r.json().get("epochs_total").asInt()).isEqualTo(1000);
    }

    @Test
    void badRowGivesOneLineWithFileLineAndExitTwo() throws Exception {
        Path file = dir.resolve("bad.csv");
        Files.writeString(file, "model_id,epoch,val_acc\nm,0,50\nm,1,abc\n");
        CliRun r = run("evaluate", "--input", file.toString(), "--json");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr().strip()).isEqualTo("error: " + file + ":3: val_acc is not a number: 'abc'");
    }

    @Test
    void unknownPolicySettingIsBadInput() {
        Path file = bundled();
        CliRun r = run("evaluate", "--input", file.toString(), "--format", "a4nn", "--policy", "penguin", "--set", "nope=1");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.stderr()).contains("policy penguin has no setting 'nope'");
    }

    @Test
    void tuneWritesCsvAndPlotAndReportsTheParetoFront() throws Exception {
        Path out = dir.resolve("tune");
        CliRun r = run("tune", "--input", bundled().toString(), "--format", "a4nn", "--policy", "penguin",
                "--grid", "threshold=0.25,1", "--grid", "window=2,3", "--out", out.toString(), "--json");
        assertThat(r.status()).isZero();
        JsonNode json = r.json();
        assertThat(json.get("settings").asInt()).isEqualTo(4);
        assertThat(json.get("pareto").size()).isBetween(1, 4);
        assertThat(json.get("pareto").get(0).has("epochs_saved")).isTrue();
        assertThat(Files.readAllLines(out.resolve("tune.csv"))).hasSize(1 + 1 + 4); // header, reference, grid
        byte[] png = Files.readAllBytes(out.resolve("pareto.png"));
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
    }

    @Test
    void syntheticInputNeedsNoFile() throws Exception {
        CliRun r = run("evaluate", "--input", "synthetic:sub_epoch", "--policy", "penguin", "--json");
        assertThat(r.status()).isZero();
        assertThat(r.json().get("models").asInt()).isEqualTo(100);
    }

    @Test
    void everyCommandExplainsItself() {
        for (String command : new String[] {"evaluate", "tune", "bench", "broker", "policies"}) {
            CliRun r = run(command, "--help");
            assertThat(r.status()).as(command).isZero();
        }
    }
}
