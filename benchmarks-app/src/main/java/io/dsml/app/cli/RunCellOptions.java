package io.dsml.app.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --run RUN_DIR [--cell ID]}: which finished cell's model a command uses (embed, search). */
final class RunCellOptions {
    @Option(names = "--run", required = true, paramLabel = "RUN_DIR", description = "A run directory.")
    Path runDir;

    @Option(
            names = "--cell",
            paramLabel = "ID",
            description = "The cell (directory under cells/); default: the grid's first finished one.")
    String cell;
}
