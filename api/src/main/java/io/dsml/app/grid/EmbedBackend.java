package io.dsml.app.grid;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Embeds a large image collection outside this process, e.g. as tasks of a Spark job ({@code
 * dsml embed ... --spark MASTER}). Implementations are found with {@link ServiceLoader} ({@code
 * META-INF/services/io.dsml.app.grid.EmbedBackend}); the app itself has none, so it never depends
 * on a cluster framework.
 *
 * <p>A backend splits {@link Job#images()} into contiguous shards ({@link EmbedShards#plan}),
 * embeds each with the cell's model as {@code dsml embed} does on one machine, and writes the
 * sharded output ({@link EmbedShards}) in {@link Job#outDir()}; the manifest is written last, so a
 * directory without one is no result.
 */
public interface EmbedBackend {
    /**
     * One distributed embedding pass.
     *
     * @param runDir the run directory, absolute, readable by every worker
     * @param cellId the cell whose model embeds (a finished one, checked by the driver)
     * @param images the images in output order, absolute paths every worker can read
     * @param names each image's name for the index (as single-machine {@code --paths-out} writes it)
     * @param inferenceBatch the model's batch size (shards are whole batches where possible)
     * @param outDir the output directory, absolute, writable by every worker (absent or empty)
     * @param shards the number of shards asked for, or 0 for the backend's parallelism
     * @param master where to run, e.g. {@code local[2]}; empty: the backend's own configuration
     * @param settings backend settings given on the command line ({@code --spark-conf})
     */
    record Job(
            Path runDir,
            String cellId,
            List<String> images,
            List<String> names,
            int inferenceBatch,
            Path outDir,
            int shards,
            String master,
            Map<String, String> settings) {}

    /** Runs {@code job}; returns its manifest; progress goes to {@code out}. */
    EmbedShards.Manifest run(Job job, PrintStream out);

    /** The backend on the class path. */
    static EmbedBackend find() {
        return ServiceLoader.load(EmbedBackend.class).findFirst().orElseThrow(GridBackend::clusterModuleMissing);
    }
}
