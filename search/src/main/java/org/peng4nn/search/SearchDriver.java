package org.peng4nn.search;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.peng4nn.architecture.Architecture;
import org.peng4nn.events.ModelResult;
import org.peng4nn.events.TrainingJob;
import org.peng4nn.events.TrainingJobs;
import org.peng4nn.search.genome.Genome;
import org.peng4nn.search.leaderboard.LeaderboardRow;
import org.peng4nn.search.leaderboard.SearchReport;
import org.peng4nn.search.strategy.Scored;
import org.peng4nn.search.strategy.SearchStrategy;
import org.peng4nn.topics.TopicAdmin;
import org.peng4nn.topics.Topic;
import org.peng4nn.topics.TopicCatalogue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one architecture search over Kafka: generation by generation, publishes a {@link TrainingJob} per
 * candidate to the jobs topic (key: model id), waits for the {@link ModelResult}s on the results topic
 * (up to the generation timeout; a missing result is reported, not waited for forever), and hands the
 * fitness the results carry (predicted when stopped early) to the strategy to breed the next generation.
 * <p>
 * The imperative shell around the pure {@link SearchStrategy}: all decisions are the strategy's, so a
 * search is reproducible from its seed and results. Creates the catalogue's topics if they are missing.
 *
 * <pre>{@code
 * SearchOptions options = SearchOptions.builder("s1", "fashion-mnist", InputShape.ofDataset("fashion-mnist").orElseThrow())
 *         .nsga2(8, 3).maxEpochs(15).build();
 * SearchReport report = new SearchDriver(kafkaProps, TopicCatalogue.defaults(), options).run(SearchListener.NONE);
 * }</pre>
 */
public final class SearchDriver {

    private static final Logger LOG = LoggerFactory.getLogger(SearchDriver.class);

    private final Properties kafka;
    private final TopicCatalogue topics;
    private final SearchOptions options;

    /**
     * @param kafka   client properties: {@code bootstrap.servers} and any security settings
     * @param topics  where the jobs and results topics are
     * @param options the search
     */
    public SearchDriver(Properties kafka, TopicCatalogue topics, SearchOptions options) {
        this.kafka = copy(Objects.requireNonNull(kafka, "kafka"));
        this.topics = Objects.requireNonNull(topics, "topics");
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Runs the search to its end, on the calling thread.
     *
     * @throws SearchException when a job cannot be published
     */
    public SearchReport run(SearchListener listener) {
        try (Admin admin = Admin.create(kafka)) {
            TopicAdmin.ensureTopics(admin, topics);
        }
        SearchStrategy strategy = options.newStrategy();
        List<LeaderboardRow> rows = new ArrayList<>();
        try (ResultInbox inbox = new ResultInbox(kafka, topics.modelResults(), options.searchId());
             KafkaProducer<String, TrainingJob> producer = topics.trainingJobs().producer(producerConfig())) {
            List<Scored> scored = List.of();
            for (int generation = 0; ; generation++) {
                List<Genome> genomes = strategy.nextGeneration(scored);
                if (genomes.isEmpty()) {
                    break;
                }
                List<Candidate> candidates = candidates(generation, genomes);
                publish(producer, candidates);
                listener.generationSubmitted(generation, candidates);
                List<LeaderboardRow> generationRows = collect(inbox, candidates, listener);
                listener.generationFinished(generation, generationRows);
                rows.addAll(generationRows);
                scored = new ArrayList<>();
                for (int i = 0; i < candidates.size(); i++) {
                    scored.add(new Scored(candidates.get(i).genome(), ResultScoring.objectives(generationRows.get(i))));
                }
            }
            if (inbox.undecodable() > 0) {
                LOG.warn("search {}: skipped {} undecodable records on {}", options.searchId(), inbox.undecodable(),
                        topics.results().name());
            }
        }
        return new SearchReport(options.searchId(), strategy.name(), rows);
    }

    public SearchOptions options() {
        return options;
    }

    private List<Candidate> candidates(int generation, List<Genome> genomes) {
        InputShape shape = options.inputShape();
        List<Candidate> candidates = new ArrayList<>(genomes.size());
        for (int i = 0; i < genomes.size(); i++) {
            Architecture architecture = options.space().decode(genomes.get(i));
            candidates.add(new Candidate(Candidate.modelId(options.searchId(), generation, i), generation,
                    genomes.get(i), architecture,
                    architecture.parameterCount(shape.channels(), shape.height(), shape.width(), shape.classes())));
        }
        return candidates;
    }

    private void publish(KafkaProducer<String, TrainingJob> producer, List<Candidate> candidates) {
        Topic<String, TrainingJob> topic = topics.trainingJobs();
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (Candidate candidate : candidates) {
            TrainingJob job = TrainingJobs.firstRun(options.searchId(), candidate.modelId(),
                    candidate.architecture().toString(), options.dataset(), options.maxEpochs(),
                    options.hyperParameters(), options.lrMilestones(), Instant.now());
            sent.add(producer.send(topic.record(candidate.modelId(), job)));
        }
        producer.flush();
        for (int i = 0; i < sent.size(); i++) {
            try {
                sent.get(i).get();
            } catch (ExecutionException e) {
                throw new SearchException("cannot publish the job of " + candidates.get(i).modelId() + " to " + topic.name()
                        + ": " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SearchException("interrupted while publishing jobs to " + topic.name(), e);
            }
        }
    }

    /** The rows of a generation, in candidate order: from the results, or MISSING after the timeout. */
    private List<LeaderboardRow> collect(ResultInbox inbox, List<Candidate> candidates, SearchListener listener) {
        Map<String, Candidate> byId = new LinkedHashMap<>();
        candidates.forEach(c -> byId.put(c.modelId(), c));
        Duration timeout = options.generationTimeout();
        Map<String, ModelResult> results = inbox.await(new LinkedHashSet<>(byId.keySet()), timeout,
                result -> listener.resultReceived(ResultScoring.row(byId.get(result.getModelId()), result)));
        List<LeaderboardRow> rows = new ArrayList<>(candidates.size());
        for (Candidate candidate : candidates) {
            ModelResult result = results.get(candidate.modelId());
            if (result == null) {
                LOG.warn("search {}: no result for {} within {}; ranked last", options.searchId(), candidate.modelId(),
                        timeout);
                rows.add(ResultScoring.missing(candidate, options.maxEpochs(), timeout));
            } else {
                rows.add(ResultScoring.row(candidate, result));
            }
        }
        return rows;
    }

    private Properties producerConfig() {
        Properties config = copy(kafka);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "peng4nn-search-" + options.searchId() + "-jobs");
        return config;
    }

    private static Properties copy(Properties properties) {
        Properties copy = new Properties();
        copy.putAll(properties);
        return copy;
    }
}
