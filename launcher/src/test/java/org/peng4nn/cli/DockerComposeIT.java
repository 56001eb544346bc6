package org.peng4nn.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * docker/docker-compose.yml end to end: builds the images, starts Kafka, both predictors and both trainers, runs a
 * small search against them from here and reads its leaderboard from a predictor. Skipped (with the reason) where
 * no Docker engine answers, as on the development and CI machines, or when the images' input was not built.
 */
class DockerComposeIT {

    static final Path COMPOSE = Path.of("..", "docker", "docker-compose.yml");
    static final Path IMAGE_LIB = Path.of("target", "docker", "cpu", "lib");

    @Test
    void theComposeStackTrainsAndPredicts() throws Exception {
        assumeTrue(Files.isDirectory(IMAGE_LIB),
                "the images copy launcher/target/docker/cpu/lib: build it first with mvn -B -Pdocker -DskipTests package");
        assumeTrue(DockerClientFactory.instance().isDockerAvailable(),
                "no Docker engine answers here: the compose stack needs one to build and run its images");

        try (ComposeContainer stack = new ComposeContainer(COMPOSE.toFile())
                .withBuild(true)
                .withExposedService("predictor-1", 8090,
                        Wait.forHttp("/health").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(5)))
                .withExposedService("predictor-2", 8090,
                        Wait.forHttp("/health").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(5)))) {
            stack.start();

            // Kafka's HOST listener is published on localhost:29092 (the compose file's ports).
            CliRun search = CliRun.of("search", "--bootstrap-servers", "localhost:29092", "--strategy", "nsga2",
                    "--population", "2", "--generations", "1", "--max-epochs", "3", "--search-id", "compose",
                    "--timeout", "10m", "--out", Files.createTempDirectory("compose-search").toString(), "--json");

            assertThat(search.status()).as(search.stderr()).isZero();
            assertThat(search.json().get("models").asInt()).isEqualTo(2);
            String predictor = "http://" + stack.getServiceHost("predictor-1", 8090) + ":"
                    + stack.getServicePort("predictor-1", 8090);
            HttpResponse<String> leaderboard = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(predictor + "/searches/compose/leaderboard")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(leaderboard.statusCode()).isEqualTo(200);
        }
    }

}
