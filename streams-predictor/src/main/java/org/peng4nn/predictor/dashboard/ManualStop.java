package org.peng4nn.predictor.dashboard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.peng4nn.events.StopCommand;
import org.peng4nn.events.StopReason;
import org.peng4nn.topics.Topic;

/**
 * Stops a model by hand: publishes a {@code StopCommand} with reason MANUAL to the control topic. Off unless a token
 * is configured; then every request must carry that token in the {@value #TOKEN_HEADER} header. The token is read
 * from a file so that it appears in no command line, process list or log.
 */
public final class ManualStop implements AutoCloseable {

    /** The HTTP header that carries the token. */
    public static final String TOKEN_HEADER = "Peng4nn-Stop-Token";

    private final byte[] token;
    private final Topic<String, StopCommand> control;
    private final KafkaProducer<String, StopCommand> producer;

    private ManualStop(byte[] token, Topic<String, StopCommand> control, Properties clients) {
        this.token = token;
        this.control = control;
        Properties props = new Properties();
        props.putAll(clients);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "peng4nn-manual-stop");
        this.producer = control.producer(props);
    }

    /**
     * Reads the token from {@code tokenFile}.
     *
     * @param setting the name of the setting that gave the file, for the error message
     * @throws IllegalArgumentException naming the setting and the file when it cannot be read or is empty
     */
    public static ManualStop enable(Path tokenFile, String setting, Topic<String, StopCommand> control,
            Properties clients) {
        String token;
        try {
            token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException(setting + " = " + tokenFile + ": cannot read the token file: " + e);
        }
        if (token.isEmpty()) {
            throw new IllegalArgumentException(setting + " = " + tokenFile + ": the token file is empty");
        }
        return new ManualStop(token.getBytes(StandardCharsets.UTF_8), control, clients);
    }

    /** Whether {@code presented} is the token; in constant time, so timing tells nothing about it. */
    public boolean authorized(String presented) {
        return presented != null
                && MessageDigest.isEqual(token, presented.strip().getBytes(StandardCharsets.UTF_8));
    }

    /** Publishes the command and waits until the broker has it. */
    public StopCommand stop(String searchId, String modelId, int run, double atEpoch, Double predictedFinal)
            throws ExecutionException, InterruptedException, TimeoutException {
        StopCommand command = StopCommand.newBuilder().setSearchId(searchId).setModelId(modelId).setRun(run)
                .setReason(StopReason.MANUAL).setAtEpoch(atEpoch).setPredictedFinal(predictedFinal)
                .setIssuedAt(Instant.now()).build();
        producer.send(control.record(modelId, command)).get(30, TimeUnit.SECONDS);
        return command;
    }

    @Override
    public void close() {
        producer.close();
    }
}
