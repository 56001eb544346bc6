package org.peng4nn.cli.curves;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.peng4nn.engine.evaluation.LabeledCurve;

/**
 * Garbage in a curve file. A curve file is read whole or refused (an evaluation over part of a file would
 * report figures for curves nobody chose), so the property is: the reader never throws anything but a
 * {@link CurveFileException} naming the file and, for a bad row in a good file, exactly that row's line;
 * what it does return is plausible. Fixed seeds; the tries are in docs/RELIABILITY.md.
 */
class CurveFileFuzzProperties {

    static final int TRIES = 300;
    private static Path dir;
    private static int files;

    @BeforeContainer
    static void makeDirectory() throws IOException {
        dir = Files.createTempDirectory("curve-fuzz");
    }

    @AfterContainer
    static void removeDirectory() throws IOException {
        try (var paths = Files.list(dir)) {
            for (Path p : paths.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    @Property(tries = TRIES, seed = "16041", shrinking = ShrinkingMode.OFF)
    void arbitraryBytesAreReadOrRefusedNamingTheFile(@ForAll("contents") byte[] content) throws IOException {
        for (CurveFormat format : CurveFormat.values()) {
            for (CurveFile.Scale scale : CurveFile.Scale.values()) {
                Path file = write(content);
                Throwable thrown = catchThrowable(() -> checkPlausible(new CurveFile(format, scale).read(file)));
                if (thrown != null) {
                    assertThat(thrown).isInstanceOf(CurveFileException.class);
                    assertThat(thrown.getMessage()).startsWith(file.toString());
                    assertThat(((CurveFileException) thrown).line()).isNotNegative();
                }
            }
        }
    }

    @Property(tries = TRIES, seed = "16042", shrinking = ShrinkingMode.OFF)
    void aBadRowInAGoodFileIsNamedByItsLine(@ForAll("badRows") String row, @ForAll @IntRange(min = 0, max = 7) int at)
            throws IOException {
        List<String> lines = new ArrayList<>(List.of("model_id,epoch,val_acc"));
        for (int i = 0; i < 4; i++) {
            lines.add("a," + i + "," + (50 + i));
            lines.add("b," + i + "," + (40 + i));
        }
        lines.add(1 + at, row);
        Path file = write(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));

        Throwable thrown = catchThrowable(() -> new CurveFile(CurveFormat.LONG, CurveFile.Scale.PERCENT).read(file));

        assertThat(thrown).as(row).isInstanceOf(CurveFileException.class);
        assertThat(((CurveFileException) thrown).line()).as(row).isEqualTo(2 + at);
        assertThat(thrown.getMessage()).startsWith(file + ":" + (2 + at) + ": ");
    }

    @Provide
    Arbitrary<byte[]> contents() {
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(2_000);
        // text that looks like a curve file: a plausible header then rows of arbitrary cells
        Arbitrary<String> cell = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(6),
                Arbitraries.doubles().map(d -> Double.toString(d)), Arbitraries.integers().between(-2, 30).map(i -> "" + i),
                Arbitraries.of("NaN", "Infinity", "1e9", "", "\"", "\"a,b\"", "\uFEFF"));
        Arbitrary<String> rows = cell.list().ofMaxSize(6).map(cells -> String.join(",", cells)).list().ofMaxSize(15)
                .map(r -> String.join("\n", r));
        Arbitrary<String> header = Arbitraries.of("model_id,epoch,val_acc", "arch,genome,epoch,val_acc", "epoch", "",
                "\uFEFFmodel_id,epoch,val_acc");
        Arbitrary<byte[]> text = net.jqwik.api.Combinators.combine(header, rows)
                .as((h, r) -> (h + "\n" + r).getBytes(StandardCharsets.UTF_8));
        return Arbitraries.oneOf(bytes, text);
    }

    /** Rows that cannot belong in a long-format percent file: each is refused on its own line. */
    @Provide
    Arbitrary<String> badRows() {
        Arbitrary<String> badNumber = Arbitraries.oneOf(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(5),
                Arbitraries.of("NaN", "Infinity", "-Infinity", "1e9", "--1", "0x1"));
        return Arbitraries.oneOf(
                badNumber.map(n -> "c," + n + ",50"),                                  // epoch not a number / implausible
                badNumber.map(n -> "c,1," + n),                                        // accuracy not a number
                Arbitraries.doubles().ofScale(4).greaterOrEqual(100.001).map(v -> "c,1," + v),    // above 100 %
                Arbitraries.doubles().ofScale(4).lessOrEqual(-0.001).map(v -> "c,1," + v),        // negative accuracy
                Arbitraries.integers().lessOrEqual(-1).map(e -> "c," + e + ",50"),     // negative epoch
                Arbitraries.strings().alpha().ofMaxLength(5).map(s -> s + ","),        // too few columns
                Arbitraries.just(",1,50"),                                             // empty model_id
                Arbitraries.just("c,1,\uFFFD"));                                       // replacement char = undecodable
    }

    private static void checkPlausible(List<LabeledCurve> curves) {
        for (LabeledCurve curve : curves) {
            assertThat(curve.modelId()).isNotEmpty();
            assertThat(curve.size()).isGreaterThanOrEqualTo(2);
            for (int i = 0; i < curve.size(); i++) {
                assertThat(curve.epochs()[i]).isFinite().isBetween(0.0, CurveFile.MAX_EPOCH);
                assertThat(curve.accuracies()[i]).isFinite().isBetween(0.0, 100.0);
            }
        }
    }

    private static Path write(byte[] content) throws IOException {
        return Files.write(dir.resolve("curves-" + files++ + ".csv"), content);
    }
}
