# The streaming predictor. Build context: the repository root, after
#   mvn -B -Pdocker -DskipTests package
# (docker/README.md). The image holds jars only; every setting comes from the environment (PENG4NN_*).
FROM eclipse-temurin:17-jre-jammy
WORKDIR /app
COPY launcher/target/docker/cpu/lib/ /app/lib/
COPY launcher/target/launcher-*.jar /app/lib/
# Kafka Streams keeps its state stores here; a volume keeps them across restarts (faster recovery).
RUN mkdir -p /var/lib/peng4nn && useradd --system --home /app peng4nn && chown peng4nn /var/lib/peng4nn
USER peng4nn
EXPOSE 8090
# JVM flags go in JAVA_TOOL_OPTIONS, which the JVM reads itself: no shell between Docker and java.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+UseParallelGC", "-Djava.awt.headless=true", \
            "-Dpeng4nn.home=/app", "-cp", "/app/lib/*", "org.peng4nn.cli.Peng4nn"]
CMD ["predictor"]
