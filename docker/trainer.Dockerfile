# DL4J trainer workers on the CPU backend (nd4j-native + OpenBLAS). Build context: the repository root, after
#   mvn -B -Pdocker -DskipTests package
# (docker/README.md). Datasets are not in the image: mount them and pass --data-dir.
FROM eclipse-temurin:17-jre-jammy
WORKDIR /app
COPY launcher/target/docker/cpu/lib/ /app/lib/
COPY launcher/target/launcher-*.jar /app/lib/
# JavaCPP unpacks the native libraries into the user's home on first use: it must be writable.
RUN useradd --system --create-home --home-dir /home/peng4nn peng4nn
USER peng4nn
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+UseParallelGC", "-Djava.awt.headless=true", \
            "-Dpeng4nn.home=/app", "-cp", "/app/lib/*", "org.peng4nn.cli.Peng4nn"]
CMD ["trainer"]
