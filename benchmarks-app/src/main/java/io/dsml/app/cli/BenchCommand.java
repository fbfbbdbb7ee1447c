package io.dsml.app.cli;

import picocli.CommandLine.Command;

/** {@code dsml bench ...}: benchmarks that print measured numbers (never timed tests). */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Benchmarks: measured speed and memory, printed with the settings used.",
        subcommands = {
            BenchEvaluateCommand.class,
            BenchTrainCommand.class,
            BenchMemoryCommand.class,
            BenchPipelineCommand.class
        })
public final class BenchCommand extends CommandBase implements Runnable {
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
