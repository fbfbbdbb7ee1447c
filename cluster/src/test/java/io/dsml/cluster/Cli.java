package io.dsml.cluster;

import io.dsml.app.Dsml;

/**
 * Runs {@code dsml} in-process and captures what it prints.
 *
 * @param exitCode the exit code {@code dsml} would return
 * @param out standard output
 * @param err standard error
 */
record Cli(int exitCode, String out, String err) {
    static synchronized Cli run(String... args) {
        Dsml.Captured run = Dsml.executeCaptured(args);
        return new Cli(run.exitCode(), run.out(), run.err());
    }
}
