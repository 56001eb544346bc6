package org.peng4nn.producers.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailerTest {

    @TempDir
    Path dir;

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static List<String> texts(LogTailer.Chunk chunk) {
        return chunk.lines().stream().map(LogTailer.Line::text).toList();
    }

    @Test
    void aMissingFileGivesNothingUntilItAppears() throws IOException {
        Path log = dir.resolve("later.csv");
        LogTailer tailer = new LogTailer(log);

        assertThat(tailer.poll().lines()).isEmpty();
        append(log, "epoch,val_acc\n0,40\n");
        LogTailer.Chunk chunk = tailer.poll();

        assertThat(chunk.restarted()).isFalse();
        assertThat(chunk.lines()).containsExactly(new LogTailer.Line(1, "epoch,val_acc"), new LogTailer.Line(2, "0,40"));
    }

    @Test
    void aPartialLastLineIsHeldUntilItsLineBreakAndCrlfIsStripped() throws IOException {
        Path log = dir.resolve("m.csv");
        LogTailer tailer = new LogTailer(log);
        append(log, "epoch,val_acc\r\n0,4");

        assertThat(texts(tailer.poll())).containsExactly("epoch,val_acc");
        assertThat(tailer.poll().lines()).isEmpty();
        append(log, "0.5\r\n1,");
        assertThat(tailer.poll().lines()).containsExactly(new LogTailer.Line(2, "0,40.5"));
        append(log, "51\n");
        assertThat(texts(tailer.poll())).containsExactly("1,51");
    }

    @Test
    void aMultiByteCharacterSplitAcrossPollsIsDecodedWhole() throws IOException {
        Path log = dir.resolve("u.jsonl");
        LogTailer tailer = new LogTailer(log);
        byte[] bytes = "{\"note\":\"é\"}\n".getBytes(StandardCharsets.UTF_8);
        int split = 10;    // inside the two bytes of é
        Files.write(log, java.util.Arrays.copyOf(bytes, split));
        assertThat(tailer.poll().lines()).isEmpty();
        Files.write(log, java.util.Arrays.copyOfRange(bytes, split, bytes.length), StandardOpenOption.APPEND);

        assertThat(texts(tailer.poll())).containsExactly("{\"note\":\"é\"}");
    }

    @Test
    void aRotatedFileIsReadAgainFromItsFirstLine() throws IOException {
        Path log = dir.resolve("train.csv");
        LogTailer tailer = new LogTailer(log);
        append(log, "epoch,val_acc\n0,40\n1,45\n");
        tailer.poll();

        Files.move(log, dir.resolve("train.csv.1"));
        assertThat(tailer.poll().lines()).as("between rename and create").isEmpty();
        append(log, "epoch,val_acc\n2,50\n");
        LogTailer.Chunk chunk = tailer.poll();

        assertThat(chunk.restarted()).isTrue();
        assertThat(chunk.lines()).containsExactly(new LogTailer.Line(1, "epoch,val_acc"), new LogTailer.Line(2, "2,50"));
    }

    @Test
    void linesWrittenToTheOldFileJustBeforeARotationAreReadBeforeTheNewFile() throws IOException {
        Path log = dir.resolve("train.csv");
        Path old = dir.resolve("train.csv.1");
        LogTailer tailer = new LogTailer(log);
        append(log, "epoch,val_acc\n0,40\n");
        tailer.poll();

        append(log, "1,45\n2,47");             // the writer's last lines, the very last one unfinished
        Files.move(log, old);
        append(old, "\n3,48\n4,4");            // still written through the writer's open handle
        assertThat(texts(tailer.poll())).as("between rename and create").containsExactly("1,45", "2,47", "3,48");
        append(log, "epoch,val_acc\n5,50\n");
        LogTailer.Chunk chunk = tailer.poll();

        assertThat(chunk.beforeRestart()).isEmpty();
        assertThat(chunk.abandoned()).isEqualTo("4,4");
        assertThat(chunk.restarted()).isTrue();
        assertThat(texts(chunk)).containsExactly("epoch,val_acc", "5,50");
        tailer.close();
    }

    @Test
    void aRotationBetweenTwoPollsStillGivesTheOldFilesLastLinesFirst() throws IOException {
        Path log = dir.resolve("train.csv");
        LogTailer tailer = new LogTailer(log);
        append(log, "epoch,val_acc\n0,40\n");
        tailer.poll();

        append(log, "1,45\n");
        Files.move(log, dir.resolve("train.csv.1"));
        append(log, "epoch,val_acc\n2,50\n3,5");
        LogTailer.Chunk chunk = tailer.poll();

        assertThat(chunk.beforeRestart()).containsExactly(new LogTailer.Line(3, "1,45"));
        assertThat(chunk.restarted()).isTrue();
        assertThat(texts(chunk)).containsExactly("epoch,val_acc", "2,50");
        assertThat(tailer.unfinished()).isEqualTo("3,5");
        assertThat(tailer.unfinishedLineNumber()).isEqualTo(3);
        tailer.close();
    }

    @Test
    void aTruncatedFileStartsOver() throws IOException {
        Path log = dir.resolve("t.csv");
        LogTailer tailer = new LogTailer(log);
        append(log, "epoch,val_acc\n0,40\n1,45\n");
        tailer.poll();

        Files.writeString(log, "epoch,val_acc\n");    // same inode, shorter
        LogTailer.Chunk chunk = tailer.poll();

        assertThat(chunk.restarted()).isTrue();
        assertThat(texts(chunk)).containsExactly("epoch,val_acc");
    }

    @Test
    void aFileRewrittenInPlaceWithALongerHeaderStartsOver() throws IOException {
        Path log = dir.resolve("metrics.csv");
        LogTailer tailer = new LogTailer(log);
        append(log, "epoch,step,loss\n0,10,2.0\n");
        tailer.poll();

        // as Lightning does when a new metric appears: the same file, truncated and written anew, longer
        Files.writeString(log, "epoch,step,loss,val_acc\n0,10,2.0,\n0,20,,40\n");
        LogTailer.Chunk chunk = tailer.poll();

        assertThat(chunk.restarted()).isTrue();
        assertThat(texts(chunk)).containsExactly("epoch,step,loss,val_acc", "0,10,2.0,", "0,20,,40");
        assertThat(tailer.poll().restarted()).isFalse();
    }
}
