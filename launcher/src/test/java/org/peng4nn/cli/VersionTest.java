package org.peng4nn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class VersionTest {

    private static Properties build(String version, String commit, String dirty) {
        Properties build = new Properties();
        build.setProperty("version", version);
        build.setProperty("commit", commit);
        build.setProperty("dirty", dirty);
        return build;
    }

    @Test
    void namesTheVersionAndTheCommit() {
        assertThat(Version.describe(build("0.1.0", "1a2b3c4", "false"))).isEqualTo("0.1.0 (commit 1a2b3c4)");
        assertThat(Version.describe(build("0.1.0", "1a2b3c4", "true"))).isEqualTo("0.1.0 (commit 1a2b3c4 and uncommitted changes)");
    }

    @Test
    void saysSoWhenBuiltOutsideGit() {
        // outside a git checkout (or without git) the build sets no commit and resource filtering leaves the placeholder
        assertThat(Version.describe(build("0.1.0", "${peng4nn.git.commit}", "false")))
                .isEqualTo("0.1.0 (built outside a git checkout)");
        assertThat(Version.describe(new Properties())).isEqualTo("of unknown version (built outside a git checkout)");
    }

    @Test
    void versionOptionPrintsWhatTheBuildStamped() throws Exception {
        CliRun r = CliRun.of("--version");

        assertThat(r.status()).isZero();
        String first = r.stdout().lines().findFirst().orElseThrow();
        assertThat(first).doesNotContain("${").isEqualTo("peng4nn " + Version.describe(Version.stamped()));
        // the build that ran this test filled the version in; the commit too when it ran in a git checkout
        assertThat(first).matches("peng4nn \\d+\\.\\d+\\.\\d+\\S* \\((commit [0-9a-f]{7,}( and uncommitted changes)?|built outside a git checkout)\\)");
    }
}
