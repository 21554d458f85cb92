package dev.trickle.server.cli;

import picocli.CommandLine;

/** Reads the version Maven wrote into the jar manifest, so {@code --version} never drifts. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"trickle " + (version == null ? "(development build)" : version)};
    }
}
