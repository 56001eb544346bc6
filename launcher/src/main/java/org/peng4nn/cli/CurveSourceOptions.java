package org.peng4nn.cli;

import java.util.List;
import java.util.Map;
import org.peng4nn.cli.curves.CurveFileException;
import org.peng4nn.engine.evaluation.LabeledCurve;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where evaluate and tune take learning curves from: a curve file (--input) or an epochs topic (--from-topic),
 * exactly one. Either gives the same list of curves, and nothing after {@link #load()} knows which it was.
 */
final class CurveSourceOptions {

    @Option(names = "--from-topic", paramLabel = "TOPIC", description = TopicCurves.FROM_TOPIC
            + " Instead of --input.")
    String fromTopic;

    @Option(names = "--search", paramLabel = "S", description = "With --from-topic: only the curves of search S (search_id).")
    String search;

    @ArgGroup(exclusive = false, heading = "Curves from a file (instead of --from-topic):%n")
    CurveInputOptions file;

    @Mixin
    KafkaConnection kafka;

    /** Set by {@link #load()} when the curves came from a topic. */
    private TopicCurves topic;

    /** Reads the file or the topic; a topic with no curves is bad input like an empty file. */
    List<LabeledCurve> load() throws CurveFileException, BadInputException {
        if ((fromTopic == null) == (file == null)) {
            throw new BadInputException("give either --input FILE or --from-topic TOPIC");
        }
        if (file != null) {
            if (search != null) {
                throw new BadInputException("--search selects a search on a topic: give it with --from-topic");
            }
            return file.load();
        }
        topic = TopicCurves.read(kafkaSettings(), fromTopic, search);
        if (topic.curves().isEmpty()) {
            throw new BadInputException("--from-topic " + topic.topic() + ": no learning curves"
                    + (search == null ? "" : " of search " + search) + " (" + topic.records() + " records read)");
        }
        return topic.curves();
    }

    /** The settings of the consumer that reads --from-topic; without an address, the local broker's. */
    KafkaSettings kafkaSettings() throws BadInputException {
        return kafka.settingsOrDefaultBroker();
    }

    /** The file or the topic, as the summaries name it. */
    String name() {
        return topic != null ? topic.topic() : String.valueOf(file.input);
    }

    /** A short name for plot titles: the file's name or the topic's. */
    String shortName() {
        return topic != null ? topic.topic() : file.input.getFileName().toString();
    }

    /** Adds what a topic read left out to a --json summary: {@code skipped_records}, with the topic's name. */
    void describe(Map<String, Object> summary) {
        if (topic != null) {
            summary.put("topic", topic.topic());
            summary.put("topic_records", topic.records());
            summary.put("skipped_records", topic.skippedRecords());
        }
    }
}
