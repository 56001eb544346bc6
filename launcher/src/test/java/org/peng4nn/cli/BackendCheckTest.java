package org.peng4nn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The default build trains on the CPU: --check-backend must say so, and connect to nothing. */
class BackendCheckTest {

    @Test
    void checkBackendPrintsTheCpuBackendAndVersions() {
        CliRun run = CliRun.of("trainer", "--check-backend", "--bootstrap-servers", "nowhere.invalid:9");

        assertThat(run.status()).as(run.stderr()).isZero();
        assertThat(run.stdout())
                .contains("backend: org.nd4j.linalg.cpu.nativecpu.CpuBackend")
                .contains("nd4j: 1.0.0-M2.1")
                .contains("backend artifact: nd4j-native 1.0.0-M2.1")
                .contains("devices: cpu");
    }

    @Test
    void rootMessageNamesTheInnermostCause() {
        Throwable e = new ExceptionInInitializerError(
                new RuntimeException("wrapper", new UnsatisfiedLinkError("no jnicudart in java.library.path\nmore")));

        assertThat(BackendCheck.rootMessage(e)).isEqualTo("UnsatisfiedLinkError: no jnicudart in java.library.path");
    }

    @Test
    void missingLibraryIsNamed() {
        Throwable e = new UnsatisfiedLinkError("/root/.javacpp/cache/cuda-11.6-8.3-1.5.7-linux-x86_64.jar/org/bytedeco/"
                + "cuda/linux-x86_64/libjnicudart.so: libcuda.so.1: cannot open shared object file: No such file");

        assertThat(BackendCheck.missingLibrary(e)).isEqualTo("libcuda.so.1 not found (the NVIDIA driver's library)");
        assertThat(BackendCheck.missingLibrary(new UnsatisfiedLinkError("libcudart.so.11.0: cannot open shared object file")))
                .isEqualTo("libcudart.so.11.0 not found");
    }
}
