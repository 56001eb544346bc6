package org.peng4nn.producers.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.peng4nn.events.serde.SingleObjectCodec;

/**
 * The Python client ({@code producers/python}) without a broker: its own unit tests, and golden bytes
 * both ways for every event type. Skipped, saying why, where {@code /usr/bin/python3} lacks the Debian
 * packages; {@code .ci/run} installs them, so CI always runs it.
 */
class PythonClientTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final Path GOLDEN = Path.of("target", "python-golden").toAbsolutePath();

    private static String missing;

    @BeforeAll
    static void checkPython() {
        missing = Python.missing("avro", "confluent_kafka");
    }

    // per test, not in @BeforeAll: Surefire then lists each test as skipped, with the reason
    @BeforeEach
    void python() {
        assumeTrue(missing == null, () -> "Python client tests skipped: " + missing + " (" + Python.INSTALL_HINT + ")");
    }

    @Test
    void thePythonUnitTestsPass() {
        Python.Result result = Python.run(Map.of(), TIMEOUT, "-m", "unittest", "-v", "tests.test_events",
                "tests.test_callbacks", "tests.test_milestones", "tests.test_schema_versions",
                "tests.test_partitioning");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("OK").doesNotContainPattern(Python.SKIPPED)
                // every shipped schema version against the client's, both directions (the Python side of
                // ShippedVersionsInteropTest): named, so dropping it from the list above fails here
                .containsPattern("test_every_shipped_version_reads_what_the_client_writes .*\\.\\.\\. ok")
                .containsPattern("test_the_client_reads_what_every_shipped_version_writes .*\\.\\.\\. ok");
    }

    @Test
    void javaBytesAreDecodedByPythonFieldByFieldAndMatchPythonsOwnEncoding() throws Exception {
        Path dir = Files.createDirectories(GOLDEN.resolve("java"));
        for (GoldenEvents.Golden golden : GoldenEvents.all()) {
            Files.write(dir.resolve(golden.name() + ".bin"), golden.encode());
        }

        Python.Result result = Python.run(Map.of(), TIMEOUT, "tests/golden.py", "check", dir.toString());

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains(GoldenEvents.all().stream()
                .map(g -> g.name() + ": ").toList());
    }

    @Test
    void pythonBytesAreDecodedByJavaAndEqualJavasEncoding() throws Exception {
        Path dir = GOLDEN.resolve("python");
        Python.Result result = Python.run(Map.of(), TIMEOUT, "tests/golden.py", "write", dir.toString());
        assertThat(result.exitCode()).as(result.output()).isZero();

        Set<String> types = GoldenEvents.all().stream()
                .map(g -> g.event().getSchema().getName()).collect(Collectors.toSet());
        assertThat(types).as("every event of the bus").hasSize(5);
        for (GoldenEvents.Golden golden : GoldenEvents.all()) {
            byte[] python = Files.readAllBytes(dir.resolve(golden.name() + ".bin"));
            assertThat(golden.decode(python)).as(golden.name()).isEqualTo(golden.event());
            assertThat(python).as(golden.name() + " bytes").isEqualTo(golden.encode());
        }
    }

    @Test
    void pythonComputesTheSameFingerprintsAsJava() {
        String script = "from peng4nn import events\n"
                + "for r in events.RECORD_NAMES: print(r, '%016x' % events._schemas().current[r].fingerprint)";
        Python.Result result = Python.run(Map.of(), TIMEOUT, "-c", script);

        assertThat(result.exitCode()).as(result.output()).isZero();
        for (GoldenEvents.Golden golden : GoldenEvents.all()) {
            long fingerprint = SingleObjectCodec.generic(golden.event().getSchema(), fp -> null).fingerprint();
            assertThat(result.output()).contains(golden.event().getSchema().getName() + " "
                    + String.format("%016x", fingerprint));
        }
    }
}
