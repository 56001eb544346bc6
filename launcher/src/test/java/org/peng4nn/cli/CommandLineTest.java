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
    void undecodableBytesNameTheLineAndTheEncoding() throws Exception {
        Path file = dir.resolve("random.csv");
        byte[] bytes = "model_id,epoch,val_acc\nm,0,50\nm,1,".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] withJunk = java.util.Arrays.copyOf(bytes, bytes.length + 4);
        withJunk[bytes.length] = (byte) 0xC3; // a lead byte with no continuation
        withJunk[bytes.length + 1] = '4';
        withJunk[bytes.length + 2] = '0';
        withJunk[bytes.length + 3] = '\n';
        Files.write(file, withJunk);
        CliRun r = run("evaluate", "--input", file.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.stderr().strip()).isEqualTo("error: " + file + ":3: not UTF-8 text (bytes that do not decode as UTF-8); "
                + "expected a UTF-8 CSV file");
    }

    @Test
    void anImplausibleEpochIsRefusedNamingItsLine() throws Exception {
        Path file = dir.resolve("epoch.csv");
        Files.writeString(file, "model_id,epoch,val_acc\nm,0,50\nm,1000000000,60\n");
        CliRun r = run("evaluate", "--input", file.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.stderr().strip()).isEqualTo("error: " + file + ":3: epoch 1000000000 is not plausible "
                + "(epochs must be below 100000)");
    }

    @Test
    void anUnknownFormatOrScaleListsTheValidOnes() {
        CliRun format = run("evaluate", "--input", "x.csv", "--format", "xyz");
        assertThat(format.status()).isEqualTo(2);
        assertThat(format.stderr()).contains("'xyz' is not one of long, a4nn").doesNotContain("No enum constant");
        CliRun scale = run("evaluate", "--input", "x.csv", "--scale", "pct");
        assertThat(scale.status()).isEqualTo(2);
        assertThat(scale.stderr()).contains("'pct' is not one of percent, fraction");
    }

    @Test
    void curvesTooShortToStopSayWhyInsteadOfPrintingNaN() throws Exception {
        Path file = dir.resolve("short.csv");
        StringBuilder csv = new StringBuilder("model_id,epoch,val_acc\n");
        for (int m = 0; m < 50; m++) {
            csv.append("m").append(m).append(",0,").append(40 + m % 7).append('\n');
            csv.append("m").append(m).append(",1,").append(50 + m % 5).append('\n');
        }
        Files.writeString(file, csv);
        CliRun r = run("evaluate", "--input", file.toString(), "--policy", "penguin");
        assertThat(r.status()).isEqualTo(0);
        assertThat(r.stderr()).doesNotContain("NaN").contains("MAE undefined (no model stopped early)")
                .contains("no curve fitted");
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
