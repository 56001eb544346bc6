# DL4J trainer workers on the CUDA backend (nd4j-cuda-11.6). Build context: the repository root, after
#   mvn -B -Pdocker,cuda -DskipTests package
# (docker/README.md). The base image brings the CUDA 11.6 runtime and cuDNN 8 that the -Pcuda build does not
# bundle; the host needs an NVIDIA driver >= 510.47 and the NVIDIA Container Toolkit (docker run --gpus all).
FROM nvidia/cuda:11.6.2-cudnn8-runtime-ubuntu20.04
RUN apt-get update && apt-get install -y --no-install-recommends openjdk-17-jre-headless \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY launcher/target/docker/cuda/lib/ /app/lib/
COPY launcher/target/launcher-*.jar /app/lib/
RUN useradd --system --create-home --home-dir /home/peng4nn peng4nn
USER peng4nn
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+UseParallelGC", "-Djava.awt.headless=true", \
            "-Dpeng4nn.home=/app", "-cp", "/app/lib/*", "org.peng4nn.cli.Peng4nn"]
# "--check-backend" instead shows whether the container sees the GPU and the CUDA libraries.
CMD ["trainer"]
