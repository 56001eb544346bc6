package org.peng4nn.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** A broker with SCRAM users: the right password works, idempotent producers included; a wrong one is refused. */
class ScramBrokerTest {

    @Test
    void scramUsersAuthenticateAndAWrongPasswordIsRefused() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(BrokerOptions.defaults().withScramUser("alice", "alice-secret"))) {
            Map<String, Object> alice = client(broker, "alice", "alice-secret");
            try (Admin admin = Admin.create(alice)) {
                admin.createTopics(List.of(new NewTopic("scram", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            Map<String, Object> producer = new HashMap<>(alice);
            producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            producer.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "scram-test");
            // a transaction makes the broker send markers to itself: its own SCRAM login must work too
            try (KafkaProducer<String, String> p = new KafkaProducer<>(producer)) {
                p.initTransactions();
                p.beginTransaction();
                p.send(new ProducerRecord<>("scram", "k", "v"));
                p.commitTransaction();
            }

            try (Admin wrong = Admin.create(client(broker, "alice", "not-her-password"))) {
                assertThatThrownBy(() -> wrong.describeCluster().clusterId().get(30, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(SaslAuthenticationException.class);
            }
            assertThat(broker.logDir().resolve("scram-users")).doesNotExist();
        }
    }

    private static Map<String, Object> client(KafkaBroker broker, String user, String password) {
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put("security.protocol", "SASL_PLAINTEXT");
        config.put("sasl.mechanism", "SCRAM-SHA-256");
        config.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + password + "\";");
        return config;
    }
}
