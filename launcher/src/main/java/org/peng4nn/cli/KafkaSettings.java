package org.peng4nn.cli;

import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import org.peng4nn.predictor.PredictorConfig;

/**
 * The Kafka client settings of one command, merged once from every source (see {@link KafkaConnection}); every
 * producer, consumer, admin and Streams client the command creates starts from a copy of them.
 */
record KafkaSettings(SortedMap<String, String> values) {

    static final String BOOTSTRAP_SERVERS = "bootstrap.servers";

    KafkaSettings {
        values = Collections.unmodifiableSortedMap(new TreeMap<>(values));
    }

    static KafkaSettings of(Map<String, String> values) {
        return new KafkaSettings(new TreeMap<>(values));
    }

    /** The address from any source, or null when none gave one. */
    String bootstrapServers() {
        String servers = values.get(BOOTSTRAP_SERVERS);
        return servers == null || servers.isBlank() ? null : servers.strip();
    }

    KafkaSettings with(String key, String value) {
        SortedMap<String, String> next = new TreeMap<>(values);
        next.put(key, value);
        return new KafkaSettings(next);
    }

    /** A fresh copy for one client, which may add its own settings to it. */
    Properties properties() {
        Properties props = new Properties();
        props.putAll(values);
        return props;
    }

    /** One line per setting, secrets masked: for logs and {@code --print-config}. */
    String describe() {
        StringBuilder out = new StringBuilder();
        values.forEach((k, v) -> out.append(out.length() == 0 ? "" : "\n").append("  ").append(k).append(" = ")
                .append(masked(k, v)));
        return out.toString();
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("KafkaSettings{");
        values.forEach((k, v) -> out.append(out.length() == 14 ? "" : ", ").append(k).append('=').append(masked(k, v)));
        return out.append('}').toString();
    }

    /** Passwords, keys and JAAS configurations (which embed a password) never reach a log: {@link PredictorConfig#isSecret}. */
    static String masked(String key, String value) {
        return PredictorConfig.printable(key, value);
    }
}
