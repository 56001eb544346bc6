package org.peng4nn.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.nd4j.linalg.api.environment.Nd4jEnvironment;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code ./peng4nn trainer --check-backend}: loads ND4J the way a trainer does and says what it got, so that a
 * CUDA host can be checked before it takes jobs (a missing runtime otherwise shows as a stack trace mid-job).
 */
final class BackendCheck {

    /** The CUDA build's backend class; present on the classpath only in a -Pcuda build. */
    static final String CUDA_BACKEND = "org.nd4j.linalg.jcublas.JCublasBackend";
    static final String CUDA_NEEDS = "the CUDA 11.6 runtime (libcudart.so.11.0, cuBLAS, cuSOLVER, cuDNN 8.3) "
            + "on the library path and an NVIDIA driver >= 510.47";

    private BackendCheck() {
    }

    /** Prints backend, devices and versions to out; on failure one line to err. Exit status: 0 ok, 1 no backend. */
    static int run(PrintStream out, PrintStream err) {
        boolean cudaBuild = present(CUDA_BACKEND);
        if (cudaBuild) {
            // Load the CUDA bindings before ND4J does: ND4J swallows the link error into "no backend on the
            // classpath", while the bindings' own error names the shared library that is missing.
            try {
                Class.forName("org.bytedeco.cuda.global.cudart");
            } catch (ClassNotFoundException | LinkageError e) {
                err.println("error: the ND4J CUDA backend (nd4j-cuda-11.6, a -Pcuda build) cannot load: "
                        + missingLibrary(e) + "; it needs " + CUDA_NEEDS + ". Build without -Pcuda to train on the CPU.");
                return 1;
            }
        }
        String backend;
        Properties env;
        try {
            backend = Nd4j.getBackend().getClass().getName();
            env = Nd4j.getExecutioner().getEnvironmentInformation();
        } catch (Throwable e) { // ND4J reports a missing native library as an Error from a static initialiser
            String why = rootMessage(e);
            if (cudaBuild) {
                err.println("error: the ND4J CUDA backend (nd4j-cuda-11.6, a -Pcuda build) cannot load: " + why
                        + "; it needs " + CUDA_NEEDS + ". Build without -Pcuda to train on the CPU.");
            } else {
                err.println("error: the ND4J CPU backend (nd4j-native) cannot load: " + why);
            }
            return 1;
        }
        out.println("backend: " + backend);
        out.println("nd4j: " + mavenVersion("org.nd4j", "nd4j-api"));
        String backendArtifact = cudaBuild ? "nd4j-cuda-11.6" : "nd4j-native";
        out.println("backend artifact: " + backendArtifact + " " + mavenVersion("org.nd4j", backendArtifact));
        out.println("blas: " + env.getProperty(Nd4jEnvironment.BLAS_VENDOR_KEY, "?"));
        out.println("cpu cores: " + env.getOrDefault(Nd4jEnvironment.CPU_CORES_KEY, "?")
                + ", omp threads: " + env.getOrDefault(Nd4jEnvironment.OMP_THREADS_KEY, "?"));
        List<String> devices = cudaDevices(env);
        if (cudaBuild) {
            out.println("cuda presets: " + mavenVersion("org.bytedeco", "cuda"));
            out.println("cuda runtime: " + cudaVersion("cudaRuntimeGetVersion")
                    + ", driver supports: " + cudaVersion("cudaDriverGetVersion"));
            out.println("devices: " + (devices.isEmpty() ? "none found" : String.join("; ", devices)));
        } else {
            out.println("devices: cpu");
        }
        return 0;
    }

    private static List<String> cudaDevices(Properties env) {
        List<String> names = new ArrayList<>();
        if (env.get(Nd4jEnvironment.CUDA_DEVICE_INFORMATION_KEY) instanceof List<?> devices) {
            for (Object device : devices) {
                if (device instanceof Map<?, ?> info) {
                    Object memory = info.get(Nd4jEnvironment.CUDA_TOTAL_MEMORY_KEY);
                    names.add(info.get(Nd4jEnvironment.CUDA_DEVICE_NAME_KEY)
                            + (memory instanceof Number bytes ? " (" + (bytes.longValue() >> 20) + " MiB)" : ""));
                }
            }
        }
        return names;
    }

    /** CUDA's own version number (11060 = 11.6) through the JavaCPP bindings; reflection keeps them optional. */
    private static String cudaVersion(String function) {
        try {
            Method call = Class.forName("org.bytedeco.cuda.global.cudart").getMethod(function, int[].class);
            int[] version = new int[1];
            Object status = call.invoke(null, (Object) version);
            if (!Integer.valueOf(0).equals(status)) {
                return "unknown (" + function + " returned " + status + ")";
            }
            return version[0] / 1000 + "." + (version[0] % 1000) / 10;
        } catch (ReflectiveOperationException | LinkageError e) {
            return "unknown (" + rootMessage(e) + ")";
        }
    }

    /** The version Maven packed into a jar, which ND4J does not expose itself. */
    static String mavenVersion(String group, String artifact) {
        String path = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = BackendCheck.class.getResourceAsStream(path)) {
            if (in == null) {
                return "unknown";
            }
            Properties pom = new Properties();
            pom.load(in);
            return pom.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, BackendCheck.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static final java.util.regex.Pattern MISSING =
            java.util.regex.Pattern.compile("([\\w.+-]+\\.so[\\w.]*): cannot open shared object file");

    /** "libcuda.so.1 not found" out of the loader's long message, or that message when it names no library. */
    static String missingLibrary(Throwable e) {
        String message = rootMessage(e);
        java.util.regex.Matcher missing = MISSING.matcher(message);
        if (missing.find()) {
            String library = missing.group(1);
            return library + " not found" + (library.startsWith("libcuda.so") ? " (the NVIDIA driver's library)" : "");
        }
        return message;
    }

    /** The innermost cause's message: a missing library's name, not the static initialiser that tripped on it. */
    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message.strip().lines().findFirst().orElse(""));
    }
}
