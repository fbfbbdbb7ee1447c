package io.dsml.app.cli;

import picocli.CommandLine.Command;

/** {@code dsml datasets list|check|fetch}: what data dsml can read, where it is, and whether it is sound. */
@Command(
        name = "datasets",
        mixinStandardHelpOptions = true,
        description = "List, check and fetch datasets.",
        subcommands = {DatasetsListCommand.class, DatasetsCheckCommand.class, DatasetsFetchCommand.class})
public final class DatasetsCommand extends CommandBase implements Runnable {
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
