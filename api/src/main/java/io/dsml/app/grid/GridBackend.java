package io.dsml.app.grid;

import io.dsml.core.config.ExperimentConfig;
import io.dsml.core.error.DsmlException;
import io.dsml.core.error.UserInput;
import io.dsml.core.run.CellSelection;
import io.dsml.core.run.ExperimentRunner;
import io.dsml.core.run.RunDirectory;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ServiceLoader;

/**
 * Runs the cells of a validated experiment outside this process, e.g. as tasks of a Spark job
 * ({@code dsml reproduce ... --spark MASTER}). Implementations are found with
 * {@link ServiceLoader} ({@code META-INF/services/io.dsml.app.grid.GridBackend}); the app itself
 * has none, so it never depends on a cluster framework.
 *
 * <p>A backend trains each selected cell that has no {@code result.json} yet, resuming it from its
 * checkpoint, through {@link ExperimentRunner#runCells}, and returns the summary of the aggregated
 * tables it wrote in the run directory.
 */
public interface GridBackend {
    /**
     * One distributed run.
     *
     * @param config the experiment, validated and with its data loadable (the driver prepared it)
     * @param dataDir the dataset directory override, or {@code null}
     * @param directory the run directory, on storage every worker sees
     * @param selection the cells to train
     * @param resumed whether this continues an existing run directory
     * @param master where to run, e.g. {@code local[2]} or {@code spark://host:7077}; empty: the
     *     backend's own configuration (what {@code spark-submit} set)
     * @param settings backend settings given on the command line ({@code --spark-conf})
     * @param quiet whether to print only the final table
     */
    record Job(
            ExperimentConfig config,
            Path dataDir,
            RunDirectory directory,
            CellSelection selection,
            boolean resumed,
            String master,
            java.util.Map<String, String> settings,
            boolean quiet) {}

    /**
     * Checks the backend's settings (e.g. that the master answers) before the run directory is
     * created; throws {@link DsmlException} naming the setting at fault.
     */
    default void check(String master, java.util.Map<String, String> settings) {}

    /** Runs {@code job} and writes the aggregated tables; progress goes to {@code out}. */
    ExperimentRunner.Summary run(Job job, ExperimentRunner.Prepared prepared, PrintStream out);

    /** The backend on the class path. */
    static GridBackend find() {
        return ServiceLoader.load(GridBackend.class).findFirst().orElseThrow(GridBackend::clusterModuleMissing);
    }

    /** That dsml's cluster module, which has the backends, is not on the class path. */
    static DsmlException clusterModuleMissing() {
        return new DsmlException(
                UserInput.of(UserInput.Kind.CLUSTER),
                "dsml's cluster module is not on the class path (./dsml adds it and Spark when "
                        + UserInput.Kind.CLUSTER.mention()
                        + " is given; with spark-submit, submit the dsml-cluster jar)");
    }
}
