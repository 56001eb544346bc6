package org.peng4nn.broker.junit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

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
                String image = context.getConfigurationParameter(IMAGE_PROPERTY).orElseGet(KafkaBrokerExtension::defaultImage);
                try {
                    return TestcontainersKafka.start(image);
                } catch (NoClassDefFoundError e) {
                    throw new ExtensionConfigurationException(MODE_PROPERTY + "=testcontainers needs "
                            + "org.testcontainers:testcontainers-kafka on the test class path (missing " + e.getMessage()
                            + "): pass -D" + MODE_PROPERTY + "=testcontainers to Maven, whose profile of that name adds it "
                            + "to every module, rather than setting it in the IDE or junit-platform.properties", e);
                }
            default:
                throw new ExtensionConfigurationException(MODE_PROPERTY + " must be embedded or testcontainers, not '" + mode + "'");
        }
    }

    /**
     * The Testcontainers image unless {@value #IMAGE_PROPERTY} names another: {@code apache/kafka} of the parent
     * pom's {@code kafka.version}, which the build writes into testcontainers.properties, so that the image cannot
     * drift from the clients and the embedded broker.
     */
    public static String defaultImage() {
        Properties stamped = new Properties();
        try (InputStream in = KafkaBrokerExtension.class.getResourceAsStream("testcontainers.properties")) {
            if (in != null) {
                stamped.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String image = stamped.getProperty("image", "");
        if (image.isEmpty() || image.contains("${")) {
            throw new ExtensionConfigurationException("the broker module was built without its filtered resource "
                    + "testcontainers.properties (image '" + image + "'): build it with Maven, or set -D" + IMAGE_PROPERTY);
        }
        return image;
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
