package org.peng4nn.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.peng4nn.cli.curves.CurveFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./peng4nn export}: the learning curves of an epochs topic as a curve file. */
@Command(name = "export", mixinStandardHelpOptions = true,
        header = "Writes the learning curves of an epochs topic to a curve file.",
        description = {"Reads an epochs topic from its beginning to the end offsets it has when export starts and writes "
                + "its learning curves, one per model (its latest run), in the long curve format (model_id,epoch,val_acc; "
                + "0-based epochs, accuracy in percent) that evaluate, tune and replay read with --input. Undecodable and "
                + "invalid records are skipped: stderr names the first ones by partition and offset and says how many "
                + "there were (skipped_records under --json).",
            "",
            "Needs a running broker; never starts one: without a bootstrap address from any source it connects to "
                + "localhost:9092. " + KafkaConnection.SOURCES},
        footer = {"", "Example:",
            "  ./peng4nn export --from-topic peng4nn.epochs --search nas1 --out nas1.csv",
            "  ./peng4nn evaluate --input nas1.csv --policy penguin --json"})
final class ExportCommand implements Callable<Integer> {

    @Option(names = "--from-topic", required = true, paramLabel = "TOPIC", description = TopicCurves.FROM_TOPIC)
    String fromTopic;

    @Option(names = "--search", paramLabel = "S", description = "Only the curves of search S (search_id).")
    String search;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The curve file to write (replaced "
            + "if it exists).")
    Path out;

    @Mixin
    KafkaConnection kafka;

    @Option(names = "--json", description = "Print one JSON object as the last line of stdout.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        TopicCurves read = TopicCurves.read(kafkaSettings(), fromTopic, search);
        if (read.curves().isEmpty()) {
            throw new BadInputException("--from-topic " + read.topic() + ": no learning curves"
                    + (search == null ? "" : " of search " + search) + " (" + read.records() + " records read)");
        }
        try {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            CurveFile.writeLong(read.curves(), out);
        } catch (IOException e) {
            throw new BadInputException("--out " + out + ": cannot write: " + e.getMessage());
        }
        long evaluations = read.curves().stream().mapToLong(c -> c.size()).sum();
        System.err.printf("wrote %d curves (%d evaluations) of %s to %s; %d records skipped%n", read.curves().size(),
                evaluations, read.topic(), out, read.skippedRecords());
        if (json) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("topic", read.topic());
            summary.put("out", out.toString());
            summary.put("curves", read.curves().size());
            summary.put("evaluations", evaluations);
            summary.put("topic_records", read.records());
            summary.put("skipped_records", read.skippedRecords());
            JsonLine.print(System.out, summary);
        }
        return 0;
    }

    /** The settings of the one consumer export makes; without an address, the local broker's. */
    KafkaSettings kafkaSettings() throws BadInputException {
        return kafka.settingsOrDefaultBroker();
    }
}
