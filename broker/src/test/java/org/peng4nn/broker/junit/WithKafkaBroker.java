package org.peng4nn.broker.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class a running Kafka broker. Constructors, {@code @BeforeAll}, {@code @BeforeEach} and test
 * methods receive it as a parameter of type {@link org.peng4nn.broker.KafkaEndpoint} (works with either broker)
 * or {@link org.peng4nn.broker.KafkaBroker} (the embedded broker only: its pid, log directory...).
 *
 * <pre>{@code
 * @WithKafkaBroker                                   // one broker for this class
 * class PredictorIT {
 *     @Test
 *     void stopsConvergedModels(KafkaEndpoint kafka) {
 *         props.put("bootstrap.servers", kafka.bootstrapServers());
 *     }
 * }
 *
 * @WithKafkaBroker(shared = WithKafkaBroker.Shared.SUITE)   // one broker for every such class of the test JVM
 * class DashboardIT { ... }
 * }</pre>
 *
 * <p>The broker is the embedded one of {@link org.peng4nn.broker.KafkaBroker} unless the configuration parameter or
 * system property {@value KafkaBrokerExtension#MODE_PROPERTY} is {@code testcontainers}: then it is
 * Testcontainers' Kafka module (image {@link KafkaBrokerExtension#defaultImage()}, {@code apache/kafka} of the
 * build's Kafka version, or the value of {@value KafkaBrokerExtension#IMAGE_PROPERTY}), which needs a Docker engine
 * and {@code org.testcontainers:testcontainers-kafka} on the test class path: {@code mvn -Dkafka.tests=testcontainers}
 * adds it to every module.
 *
 * <p>Topics are not cleaned between test classes that share a broker: use distinct topic names.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(KafkaBrokerExtension.class)
public @interface WithKafkaBroker {

    /** How long one broker lives and who shares it. */
    Shared shared() default Shared.CLASS;

    enum Shared {
        /** One broker per test class (and its {@code @Nested} classes), stopped after the class. */
        CLASS,
        /** One broker for the whole test run of the JVM, stopped when the run ends. */
        SUITE
    }
}
