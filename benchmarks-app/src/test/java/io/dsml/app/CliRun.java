package io.dsml.app;

/**
 * Runs {@code dsml} in-process and captures what it prints.
 *
 * @param exitCode the exit code {@code dsml} would return
 * @param out standard output
 * @param err standard error
 */
public record CliRun(int exitCode, String out, String err) {
    /** Runs the command line in this JVM and returns what it printed to its out and err. */
    public static synchronized CliRun of(String... args) {
        Dsml.Captured run = Dsml.executeCaptured(args);
        return new CliRun(run.exitCode(), run.out(), run.err());
    }
}
