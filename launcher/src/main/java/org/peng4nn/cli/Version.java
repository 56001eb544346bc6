package org.peng4nn.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.Properties;
import picocli.CommandLine;

/**
 * Reports the project version and the git commit the launcher was built from. Both come from build.properties,
 * which the build fills in: ./peng4nn runs from target/classes, so there is no jar manifest to read them from.
 */
final class Version implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() throws IOException {
        return new String[] {"peng4nn " + describe(stamped()),
            "Java " + System.getProperty("java.version") + " on " + System.getProperty("os.name")};
    }

    static Properties stamped() throws IOException {
        Properties build = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                build.load(in);
            }
        }
        return build;
    }

    /** "0.1.0 (commit 1a2b3c4)", with "and uncommitted changes" when the working tree differed from that commit. */
    static String describe(Properties build) {
        String version = known(build, "version").orElse("of unknown version");
        String origin = known(build, "commit")
                .map(commit -> "commit " + commit + (known(build, "dirty").orElse("").equals("true") ? " and uncommitted changes" : ""))
                .orElse("built outside a git checkout");
        return version + " (" + origin + ")";
    }

    /** A value the build filled in: a placeholder still in ${...} was not. */
    private static Optional<String> known(Properties build, String key) {
        String value = build.getProperty(key, "").strip();
        return value.isEmpty() || value.startsWith("${") ? Optional.empty() : Optional.of(value);
    }
}
