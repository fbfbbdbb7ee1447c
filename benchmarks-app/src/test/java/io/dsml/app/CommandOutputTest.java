package io.dsml.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Commands print through their {@link CommandLine}'s writers, so whoever runs the command line
 * decides where the output goes, and {@link Dsml#executeCaptured} needs no global streams.
 */
class CommandOutputTest {
    /** Commands that print to standard output, standard error, or both, without training. */
    private static final List<List<String>> COMMANDS = List.of(
            List.of("reproduce", "--list"),
            List.of("datasets", "list"),
            List.of("bench"),
            List.of("evaluate", "--embeddings", "no-such-file.npy", "--labels", "no-such-file.npy"));

    @Test
    void everythingACommandPrintsGoesToItsCommandLinesWriters() {
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        var leaked = new ByteArrayOutputStream();
        var sentinel = new PrintStream(leaked, true, StandardCharsets.UTF_8);
        try {
            System.setOut(sentinel);
            System.setErr(sentinel);
            for (List<String> args : COMMANDS) {
                var out = new StringWriter();
                var err = new StringWriter();
                CommandLine cli = Dsml.commandLine();
                cli.setOut(new PrintWriter(out, true));
                cli.setErr(new PrintWriter(err, true));
                cli.execute(args.toArray(String[]::new));
                assertThat(out.toString() + err.toString()).as("%s", args).isNotEmpty();
            }
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
        assertThat(leaked.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void capturedRunsOnTwoThreadsAtOnceKeepTheirOutputApart() throws Exception {
        List<Dsml.Captured> alone = COMMANDS.stream()
                .map(args -> Dsml.executeCaptured(args.toArray(String[]::new)))
                .toList();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 3; round++) {
                List<Future<List<Dsml.Captured>>> runs =
                        List.of(pool.submit(runAll(COMMANDS)), pool.submit(runAll(reversed(COMMANDS))));
                assertThat(runs.get(0).get()).isEqualTo(alone);
                assertThat(runs.get(1).get()).isEqualTo(reversed(alone));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T> List<T> reversed(List<T> list) {
        var copy = new java.util.ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }

    private static Callable<List<Dsml.Captured>> runAll(List<List<String>> commands) {
        return () -> commands.stream()
                .map(args -> Dsml.executeCaptured(args.toArray(String[]::new)))
                .toList();
    }
}
