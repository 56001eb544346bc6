package org.peng4nn.producers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.peng4nn.events.EpochMetric;
import org.peng4nn.events.StopCommand;
import org.peng4nn.events.StopReason;
import org.peng4nn.events.serde.EventSerdes;
import org.peng4nn.topics.EventTopic;
import org.peng4nn.topics.TopicAdmin;
import org.peng4nn.topics.TopicCatalogue;

/** What the tests need around the classes under test: topics, a control-topic writer, an epochs reader. */
public final class KafkaFixtures {

    private KafkaFixtures() {
    }

    public static Properties kafka(String bootstrapServers) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrapServers);
        return props;
    }

    public static void createTopics(String bootstrapServers, TopicCatalogue topics) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            TopicAdmin.ensureTopics(admin, topics, Duration.ofSeconds(60));
        }
    }

    public static StopCommand stop(String modelId, int run, double atEpoch) {
        return StopCommand.newBuilder()
                .setModelId(modelId)
                .setSearchId("search-it")
                .setRun(run)
                .setReason(StopReason.CONVERGED)
                .setAtEpoch(atEpoch)
                .setPredictedFinal(81.5)
                .setIssuedAt(java.time.Instant.now())
                .build();
    }

    /** Writes commands as the predictor does: keyed by model_id, acknowledged before returning. */
    public static void publish(String bootstrapServers, TopicCatalogue topics, StopCommand... commands) throws Exception {
        try (KafkaProducer<String, StopCommand> producer = new KafkaProducer<>(kafka(bootstrapServers),
                new StringSerializer(), EventSerdes.stopCommand().serializer())) {
            for (StopCommand command : commands) {
                producer.send(new ProducerRecord<>(topics.name(EventTopic.CONTROL), command.getModelId(), command))
                        .get();
            }
        }
    }

    public static void publishRaw(String bootstrapServers, TopicCatalogue topics, String key, byte[] value) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka(bootstrapServers),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topics.name(EventTopic.CONTROL), key, value)).get();
        }
    }

    /** Reads the epochs topic from the start until {@code count} events arrived or the timeout passed. */
    public static List<ConsumerRecord<String, EpochMetric>> readEpochs(String bootstrapServers, TopicCatalogue topics,
                                                                int count, Duration timeout) {
        List<ConsumerRecord<String, EpochMetric>> records = new ArrayList<>();
        try (KafkaConsumer<String, EpochMetric> consumer = new KafkaConsumer<>(kafka(bootstrapServers),
                new StringDeserializer(), EventSerdes.epochMetric().deserializer())) {
            String topic = topics.name(EventTopic.EPOCHS);
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
