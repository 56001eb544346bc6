package org.peng4nn.cli;

import picocli.CommandLine;

/** Reports the version the build stamped into the launcher jar's manifest, if any. */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Peng4nn.class.getPackage().getImplementationVersion();
        return new String[] {"peng4nn " + (version == null ? "development build" : version),
            "Java " + System.getProperty("java.version") + " on " + System.getProperty("os.name")};
    }
}
