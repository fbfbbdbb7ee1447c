package io.dsml.app.cli;

import io.dsml.app.grid.GridBackends;
import io.dsml.app.run.Experiment;
import io.dsml.core.error.DsmlException;
import io.dsml.core.run.CellSelection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options shared by the commands that run experiments. */
public final class RunOptions {
    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "Override a config value, e.g. training.epochs=5 or losses[0].params.kappa=20 (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Where the dataset's files are (overrides the config).")
    Path dataDir;

    @Option(
            names = "--runs-dir",
            paramLabel = "DIR",
            defaultValue = "runs",
            description = "Where run directories are created (default: ${DEFAULT-VALUE}).")
    Path runsDir;

    @Option(
            names = "--resume",
            paramLabel = "RUN_DIR",
            description = "Continue a run directory: finished cells are skipped.")
    Path resume;

    @Option(
            names = "--baseline",
            paramLabel = "LOSS",
            description = "Compare every loss with this one (its label in the tables, or its loss name) in the "
                    + "results tables: difference, 95%% CI and t-test p-value per metric; overrides "
                    + "evaluation.baseline, also for a resumed run.")
    String baseline;

    @Option(
            names = "--run-dir",
            paramLabel = "DIR",
            description = "Use exactly this run directory, created if missing; several processes may share it "
                    + "(job-array shares with --cells), each writing only its own cells.")
    Path runDir;

    @Option(
            names = "--cells",
            paramLabel = "i/N",
            description = "Train only share i of N of the grid (deterministic: cells i, i+N, ... in grid order), "
                    + "into the shared --run-dir; 'dsml report' aggregates when every share is done.")
    String cells;

    @Option(
            names = "--cell",
            paramLabel = "ID",
            description = "Train only the cell with this id (e.g. conv-2__vmf__seed1), into the shared --run-dir.")
    String cell;

    @Option(
            names = "--spark",
            paramLabel = "MASTER",
            description = "Run the cells as tasks of a Spark job on MASTER, e.g. 'local[2]' or spark://host:7077 "
                    + "(needs the cluster module; ./dsml adds it). The run directory must be on storage every "
                    + "executor sees.")
    String spark;

    @Option(
            names = "--spark-conf",
            paramLabel = "KEY=VALUE",
            description = "A Spark setting for --spark, as spark-submit's --conf, e.g. spark.executor.cores=1 "
                    + "(repeatable).")
    List<String> sparkConf = new ArrayList<>();

    @Option(
            names = {"-q", "--quiet"},
            description = "Print only the final table.")
    boolean quiet;

    /** {@code --spark-conf} as a map, in the order given. */
    java.util.Map<String, String> sparkSettings() {
        java.util.Map<String, String> settings = sparkSettings(sparkConf);
        if (!settings.isEmpty() && spark == null) {
            throw new DsmlException("--spark-conf needs --spark MASTER");
        }
        return settings;
    }

    /** The cells to train, from {@code --cells} or {@code --cell}. */
    CellSelection selection() {
        if (cells != null && cell != null) {
            throw new DsmlException("give --cells i/N or --cell ID, not both");
        }
        CellSelection selection = cells != null
                ? CellSelection.share(cells)
                : cell != null ? CellSelection.cell(cell) : CellSelection.ALL;
        if (!selection.all() && runDir == null && resume == null) {
            throw new DsmlException("--cells/--cell train part of a grid into a run directory that every part "
                    + "shares: give --run-dir DIR (the same in every process), or --resume RUN_DIR");
        }
        if (runDir != null && resume != null) {
            throw new DsmlException("give --run-dir DIR (new or shared run) or --resume RUN_DIR, not both");
        }
        return selection;
    }

    /**
     * These options as the run protocol takes them, checking {@code --cells}/{@code --cell} and
     * {@code --spark-conf}.
     *
     * @param source how to name the config in messages
     */
    Experiment.Options experimentOptions(String source) {
        return new Experiment.Options(
                source,
                runsDir,
                runDir,
                resume,
                dataDir,
                selection(),
                spark == null ? null : GridBackends.SPARK,
                spark,
                sparkSettings(),
                quiet);
    }

    /** {@code --spark-conf KEY=VALUE} settings as a map, in the order given. */
    static java.util.Map<String, String> sparkSettings(List<String> sparkConf) {
        java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();
        for (String setting : sparkConf) {
            int eq = setting.indexOf('=');
            if (eq <= 0) {
                throw new DsmlException("--spark-conf " + setting + ": expected KEY=VALUE, e.g. spark.task.cpus=2");
            }
            settings.put(
                    setting.substring(0, eq).trim(), setting.substring(eq + 1).trim());
        }
        return settings;
    }
}
