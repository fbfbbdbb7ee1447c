package io.dsml.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsml.app.CliRun;
import io.dsml.app.Dsml;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's {@code --help} renders cleanly: picocli treats descriptions as format strings, so
 * an unescaped {@code %} (as in "95% CI") prints a "picocli WARN" to standard error instead of the
 * text the user asked for.
 */
class HelpTextsTest {
    @Test
    void everyHelpTextRendersWithoutPicocliWarnings() {
        List<List<String>> commands = new ArrayList<>();
        collect(new CommandLine(new Dsml()), new ArrayList<>(), commands);
        assertThat(commands).hasSizeGreaterThan(10);
        for (List<String> command : commands) {
            List<String> args = new ArrayList<>(command);
            args.add("--help");
            CliRun run = CliRun.of(args.toArray(String[]::new));
            assertThat(run.exitCode()).as("dsml %s --help", command).isZero();
            assertThat(run.err()).as("dsml %s --help", command).doesNotContain("picocli WARN");
            assertThat(run.out()).as("dsml %s --help", command).contains("Usage: dsml");
        }
    }

    @Test
    void baselineOptionsShowTheirPercentSign() {
        assertThat(String.join(" ", CliRun.of("reproduce", "--help").out().split("\\s+")))
                .contains("difference, 95% CI and t-test");
        assertThat(String.join(" ", CliRun.of("report", "--help").out().split("\\s+")))
                .contains("(difference, 95% CI, t-test");
    }

    /**
     * The top-level Environment block keeps its two columns: picocli wraps a footer line longer
     * than its 80 columns at column 0, which broke the variable's description apart.
     */
    @Test
    void theEnvironmentBlockKeepsItsColumns() {
        List<String> lines = CliRun.of("--help").out().lines().toList();
        List<String> block = lines.subList(lines.indexOf("Environment:") + 1, lines.size()).stream()
                .takeWhile(line -> !line.isBlank())
                .toList();
        assertThat(block).hasSizeGreaterThanOrEqualTo(3).allSatisfy(line -> {
            assertThat(line).hasSizeLessThanOrEqualTo(80);
            assertThat(line).matches("  [A-Z][A-Z_]+ +\\S.*| {18}\\S.*");
        });
        assertThat(String.join("\n", block)).contains("META-INF/services/io.dsml.core.spi.<Kind>");
    }

    private static void collect(CommandLine cli, List<String> path, List<List<String>> into) {
        into.add(List.copyOf(path));
        cli.getSubcommands().forEach((name, sub) -> {
            if (name.equals("help") || !sub.getCommandName().equals(name)) {
                return; // picocli's own help command and aliases
            }
            List<String> next = new ArrayList<>(path);
            next.add(name);
            collect(sub, next, into);
        });
    }
}
