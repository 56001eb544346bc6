package org.peng4nn.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.TimeoutException;
import org.peng4nn.cli.topics.ProjectTopic;
import org.peng4nn.engine.evaluation.LabeledCurve;
import org.peng4nn.predictor.replay.EpochTopicReader;
import org.peng4nn.topics.EventTopic;
import org.peng4nn.topics.TopicCatalogue;

/**
 * Learning curves read back from an epochs topic, the one way {@code --from-topic} reads one in every command: into
 * the same curve list a curve file gives, so that what follows does not know where the curves came from.
 *
 * @param topic          the topic's full name
 * @param records        records read, decodable or not
 * @param skippedRecords records left out: undecodable, invalid, of another metric or of an older run
 */
record TopicCurves(String topic, List<LabeledCurve> curves, long records, long skippedRecords) {

    /** Longest wait for the topic's metadata, and for the next records while its end is not reached. */
    static final Duration TIMEOUT = Duration.ofMinutes(2);

    /** Stated in the --help of every command with --from-topic. */
    static final String FROM_TOPIC = "An epochs topic (EpochMetric events): 'epochs' for peng4nn.epochs, or any "
            + "topic's full name. It is read from its beginning to the end offsets it has when the command starts; each "
            + "model's latest run is its curve; undecodable and invalid records are skipped and counted.";

    /**
     * The full name of the epochs topic a user means: the role {@code epochs} is the catalogue's; any other name is
     * taken as it is (a history kept by another deployment), unless it names another role's topic.
     */
    static String topicName(String given) throws BadInputException {
        ProjectTopic topic;
        try {
            topic = ProjectTopic.resolve(given, TopicCatalogue.DEFAULT_PREFIX);
        } catch (IllegalArgumentException e) {
            return given.strip();
        }
        if (topic.role() != EventTopic.EPOCHS) {
            throw new BadInputException("--from-topic " + given + ": a " + topic.role().suffix() + " topic; learning "
                    + "curves are on an epochs topic (EpochMetric events)");
        }
        return topic.name();
    }

    /**
     * Reads {@code given} to the end offsets it has now, reporting on stderr how many records were read and skipped
     * (the first few skipped ones by partition and offset).
     *
     * @param search only the curves of this search_id, or null for all
     */
    static TopicCurves read(KafkaSettings settings, String given, String search) throws BadInputException {
        String topic = topicName(given);
        EpochTopicReader.Curves read;
        try {
            read = EpochTopicReader.read(settings.properties(), topic, search, TIMEOUT);
        } catch (TimeoutException e) {
            throw new BadInputException("--from-topic " + topic + ": no answer from Kafka at "
                    + settings.bootstrapServers() + " within " + TIMEOUT.toMinutes() + " min (is the broker running?)");
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--from-topic " + topic + ": " + e.getMessage() + " on "
                    + settings.bootstrapServers());
        }
        // a model seen at one evaluation so far (a live search) has no curve to fit; a file with one is refused
        List<LabeledCurve> curves = new ArrayList<>();
        List<String> tooShort = new ArrayList<>();
        for (LabeledCurve curve : read.curves()) {
            if (curve.size() >= 2) {
                curves.add(curve);
            } else {
                tooShort.add(curve.modelId());
            }
        }
        System.err.printf("read %d records of %s%s: %d curves (each model's latest run); skipped %d records "
                        + "(%d undecodable, %d invalid, %d of another metric or an older run)%n", read.records(), topic,
                search == null ? "" : " (search " + search + ")", curves.size(), read.skipped(), read.undecodable(),
                read.invalid(), read.skipped() - read.undecodable() - read.invalid());
        read.problems().forEach(problem -> System.err.println("  skipped " + problem));
        long unnamed = read.undecodable() + read.invalid() - read.problems().size();
        if (unnamed > 0) {
            System.err.println("  ... and " + unnamed + " more");
        }
        if (!tooShort.isEmpty()) {
            System.err.println("left out " + tooShort.size() + " models with a single evaluation: "
                    + String.join(", ", tooShort.subList(0, Math.min(10, tooShort.size())))
                    + (tooShort.size() > 10 ? ", ..." : ""));
        }
        return new TopicCurves(topic, curves, read.records(), read.skipped());
    }
}
