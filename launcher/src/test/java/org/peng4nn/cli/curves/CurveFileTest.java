package org.peng4nn.cli.curves;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.peng4nn.engine.evaluation.LabeledCurve;

class CurveFileTest {

    @TempDir
    Path dir;

    private Path write(String content) throws IOException {
        Path file = dir.resolve("curves.csv");
        Files.writeString(file, content);
        return file;
    }

    private List<LabeledCurve> readLong(String content) throws Exception {
        return new CurveFile(CurveFormat.LONG, CurveFile.Scale.PERCENT).read(write(content));
    }

    @Test
    void whatItWritesItReadsBackUnchanged() throws Exception {
        List<LabeledCurve> curves = List.of(
                new LabeledCurve("m1", new double[] {0, 1, 2}, new double[] {40.5, 55.25, 61}, 0),
                new LabeledCurve("m2", new double[] {0, 0.5, 1}, new double[] {10, 20.125, 30}, 0));
        Path file = CurveFile.writeLong(curves, dir.resolve("written.csv"));
        List<LabeledCurve> read = new CurveFile(CurveFormat.LONG, CurveFile.Scale.PERCENT).read(file);
        assertThat(read).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(read.get(i).modelId()).isEqualTo(curves.get(i).modelId());
            assertThat(read.get(i).epochs()).containsExactly(curves.get(i).epochs());
            assertThat(read.get(i).accuracies()).containsExactly(curves.get(i).accuracies());
        }
    }

    @Test
    void readsInterleavedModelsInOrderOfFirstAppearanceAndSortsEpochs() throws Exception {
        List<LabeledCurve> curves = readLong("""
                model_id,epoch,val_acc
                b,1,60
                a,0,40
                b,0,50
                a,1,45
                a,2,47.5
                """);
        assertThat(curves).extracting(LabeledCurve::modelId).containsExactly("b", "a");
        assertThat(curves.get(0).epochs()).containsExactly(0, 1);
        assertThat(curves.get(0).accuracies()).containsExactly(50, 60);
        assertThat(curves.get(1).accuracies()).containsExactly(40, 45, 47.5);
        assertThat(curves.get(1).firstLine()).isEqualTo(3);
    }

    @Test
    void fractionalEpochsGiveTheEvaluationInterval() throws Exception {
        LabeledCurve curve = readLong("model_id,epoch,val_acc\nm,0.5,10\nm,1.0,20\nm,1.5,25\n").get(0);
        assertThat(curve.interval()).isEqualTo(0.5);
    }

    @Test
    void fractionScaleIsConvertedToPercent() throws Exception {
        List<LabeledCurve> curves = new CurveFile(CurveFormat.LONG, CurveFile.Scale.FRACTION)
                .read(write("model_id,epoch,val_acc\nm,0,0.5\nm,1,0.75\n"));
        assertThat(curves.get(0).accuracies()).containsExactly(50, 75);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "non-numeric     | model_id,epoch,val_acc\\nm,0,50\\nm,one,60\\n | 3 | epoch is not a number: 'one'",
        "NaN accuracy    | model_id,epoch,val_acc\\nm,0,50\\nm,1,NaN\\n  | 3 | val_acc is not a finite number: 'NaN'",
        "negative epoch  | model_id,epoch,val_acc\\nm,0,50\\nm,-1,60\\n  | 3 | negative epoch -1",
        "duplicate epoch | model_id,epoch,val_acc\\nm,0,50\\nm,0,60\\n   | 3 | duplicate epoch 0 for model m (first on line 2)",
        "over 100        | model_id,epoch,val_acc\\nm,0,50\\nm,1,100.5\\n| 3 | val_acc 100.5 outside 0-100",
        "below 0         | model_id,epoch,val_acc\\nm,0,-2\\nm,1,60\\n   | 2 | val_acc -2 outside 0-100",
        "one point       | model_id,epoch,val_acc\\nm,0,50\\nn,0,40\\nn,1,41\\n | 2 | model m has 1 point; at least two are needed",
        "missing column  | model,epoch,val_acc\\nm,0,50\\n               | 1 | header has no 'model_id' column",
        "short row       | model_id,epoch,val_acc\\nm,0\\n               | 2 | expected at least 3 columns, found 2",
        "empty model id  | model_id,epoch,val_acc\\n ,0,50\\n            | 2 | empty model_id",
        "no rows         | model_id,epoch,val_acc\\n                     | 2 | no data rows after the header",
    })
    void badRowsNameFileLineAndProblem(String kind, String content, int line, String problem) throws IOException {
        Path file = write(content.replace("\\n", "\n"));
        assertThatThrownBy(() -> new CurveFile(CurveFormat.LONG, CurveFile.Scale.PERCENT).read(file))
                .isInstanceOf(CurveFileException.class)
                .hasMessageStartingWith(file + ":" + line + ": ")
                .hasMessageContaining(problem)
                .satisfies(e -> assertThat(((CurveFileException) e).line()).isEqualTo(line));
    }

    @Test
    void fractionScaleRejectsPercentValues() throws IOException {
        Path file = write("model_id,epoch,val_acc\nm,0,0.5\nm,1,75\n");
        assertThatThrownBy(() -> new CurveFile(CurveFormat.LONG, CurveFile.Scale.FRACTION).read(file))
                .hasMessage(file + ":3: val_acc 75 outside 0-1 (--scale fraction)");
    }

    @Test
    void missingFileIsNamed() {
        Path file = dir.resolve("nope.csv");
        assertThatThrownBy(() -> new CurveFile(CurveFormat.LONG, CurveFile.Scale.PERCENT).read(file))
                .hasMessage(file + ": no such file");
    }

    @Test
    void a4nnModelsAreArchGenomePairsWithQuotedGenomes() throws Exception {
        Path file = write("""
                epoch,train_accs,val_accs,predictions,converged,genome,arch,flops
                0,50,40,inf,False,"[[0, 1], [1, 0]]",7,1.5
                1,60,50,inf,False,"[[0, 1], [1, 0]]",7,1.5
                0,50,30,inf,False,"[[1, 1], [1, 0]]",7,1.5
                1,60,35,inf,False,"[[1, 1], [1, 0]]",7,1.5
                0,55,20,inf,False,"[[1, 1], [1, 0]]",7,1.5
                1,65,22,inf,False,"[[1, 1], [1, 0]]",7,1.5
                """);
        List<LabeledCurve> curves = new CurveFile(CurveFormat.A4NN, CurveFile.Scale.PERCENT).read(file);
        // the third pair repeats the second genome but restarts at epoch 0: a new model
        assertThat(curves).extracting(LabeledCurve::modelId).containsExactly("m000-arch7", "m001-arch7", "m002-arch7");
        assertThat(curves.get(1).accuracies()).containsExactly(30, 35);
        assertThat(curves.get(2).firstLine()).isEqualTo(6);
    }

    @Test
    void readsTheBundledA4nnFile() throws Exception {
        Path file = Path.of(System.getProperty("peng4nn.home", ".."), "data/a4nn/1gpu_1e16_training_data.csv");
        if (!Files.exists(file)) {
            file = Path.of("../data/a4nn/1gpu_1e16_training_data.csv");
        }
        List<LabeledCurve> curves = new CurveFile(CurveFormat.A4NN, CurveFile.Scale.PERCENT).read(file);
        assertThat(curves).hasSize(100).allSatisfy(c -> assertThat(c.size()).isEqualTo(25));
        assertThat(curves.get(0).accuracies()[0]).isEqualTo(78.16830435878055);
    }
}
