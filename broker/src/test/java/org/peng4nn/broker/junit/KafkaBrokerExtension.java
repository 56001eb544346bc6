package org.peng4nn.broker.junit;

import java.util.Locale;
import java.util.Optional;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.peng4nn.broker.BrokerOptions;
import org.peng4nn.broker.KafkaBroker;
import org.peng4nn.broker.KafkaEndpoint;

/**
 * The extension behind {@link WithKafkaBroker}: starts the broker before the class (or lazily, when a
 * constructor of a {@code PER_CLASS} test asks first) and keeps it in the JUnit store of the class or of the
 * root context, whose closing stops it; JUnit closes stored {@link AutoCloseable} values since 5.13.
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, ParameterResolver {

    /** Configuration parameter or system property choosing the broker: {@code embedded} (default) or {@code testcontainers}. */
    public static final String MODE_PROPERTY = "kafka.tests";

    /** Configuration parameter or system property overriding the Testcontainers image. */
    public static final String IMAGE_PROPERTY = "kafka.tests.image";

    public static final String DEFAULT_IMAGE = "apache/kafka:4.1.0";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaBrokerExtension.class);
    private static final String CLASS_KEY = "class-broker";
    private static final String SUITE_KEY = "suite-broker";

    @Override
    public void beforeAll(ExtensionContext context) {
        endpoint(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == KafkaEndpoint.class || type == KafkaBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        KafkaEndpoint endpoint = endpoint(context);
        if (parameter.getParameter().getType() == KafkaBroker.class && !(endpoint instanceof KafkaBroker)) {
            throw new ParameterResolutionException("a KafkaBroker parameter needs the embedded broker, but "
                    + MODE_PROPERTY + "=testcontainers: declare the parameter as KafkaEndpoint");
        }
        return endpoint;
    }

    private static KafkaEndpoint endpoint(ExtensionContext context) {
        if (shared(context) == WithKafkaBroker.Shared.SUITE) {
            return context.getRoot().getStore(NAMESPACE)
                    .getOrComputeIfAbsent(SUITE_KEY, key -> start(context), KafkaEndpoint.class);
        }
        // the store of the class: a @Nested class finds its enclosing class's broker there, since lookups go up
        return classContext(context).getStore(NAMESPACE)
                .getOrComputeIfAbsent(CLASS_KEY, key -> start(context), KafkaEndpoint.class);
    }

    private static KafkaEndpoint start(ExtensionContext context) {
        String mode = context.getConfigurationParameter(MODE_PROPERTY).orElse("embedded").strip().toLowerCase(Locale.ROOT);
        switch (mode) {
            case "embedded":
                return KafkaBroker.start(BrokerOptions.defaults());
            case "testcontainers":
                String image = context.getConfigurationParameter(IMAGE_PROPERTY).orElse(DEFAULT_IMAGE);
                try {
                    return TestcontainersKafka.start(image);
                } catch (NoClassDefFoundError e) {
                    throw new ExtensionConfigurationException(MODE_PROPERTY + "=testcontainers needs "
                            + "org.testcontainers:testcontainers-kafka on the test class path (missing " + e.getMessage() + ")", e);
                }
            default:
                throw new ExtensionConfigurationException(MODE_PROPERTY + " must be embedded or testcontainers, not '" + mode + "'");
        }
    }

    /** The context of the innermost test class: method and invocation contexts hang below it. */
    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }

    /** The sharing of the nearest {@link WithKafkaBroker} on the test class or the classes enclosing it. */
    private static WithKafkaBroker.Shared shared(ExtensionContext context) {
        for (Class<?> type = context.getTestClass().orElse(null); type != null; type = type.getEnclosingClass()) {
            Optional<WithKafkaBroker> annotation = AnnotationSupport.findAnnotation(type, WithKafkaBroker.class);
            if (annotation.isPresent()) {
                return annotation.get().shared();
            }
        }
        return WithKafkaBroker.Shared.CLASS;
    }
}
