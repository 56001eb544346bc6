package org.peng4nn.cli;

import java.util.Optional;
import org.apache.kafka.common.errors.AuthenticationException;

/** Kafka's answer to wrong credentials, as the one line a user can act on. */
final class KafkaErrors {

    private KafkaErrors() {
    }

    /** The line to print when {@code e}, or anything that caused it, is Kafka refusing the client's credentials. */
    static Optional<String> refusedCredentials(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AuthenticationException) {
                return Optional.of("Kafka refused the client's credentials: " + t.getMessage()
                        + " (check security.protocol, sasl.mechanism and sasl.jaas.config in the Kafka settings)");
            }
        }
        return Optional.empty();
    }

    /** Turns refused credentials into bad input (exit status 2), naming the cluster; anything else passes. */
    static void rethrowRefusedCredentials(Throwable e, String bootstrapServers) throws BadInputException {
        Optional<String> refused = refusedCredentials(e);
        if (refused.isPresent()) {
            throw new BadInputException(bootstrapServers + ": " + refused.get());
        }
    }
}
