package io.dsml.cluster;

import io.dsml.app.api.TrainedCell;
import io.dsml.app.grid.EmbedShards;
import io.dsml.core.engine.NativeLibraries;
import io.dsml.core.error.DsmlException;
import io.dsml.evaluation.EmbeddingSet;
import io.dsml.evaluation.Npy;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.function.Function;

/**
 * One shard of a distributed {@code dsml embed} as a Spark task: loads the cell's model once,
 * embeds the shard's images in order with the model's test-time pipeline and batch size (every
 * image's header is read first), and writes the shard's {@code .npy} file atomically. Bad input
 * (an unreadable image) is deterministic, so it is returned, not thrown: Spark does not retry it,
 * and the driver reports it naming the shard.
 */
final class EmbedTask implements Function<EmbedTask.Input, EmbedTask.Outcome> {
    private static final long serialVersionUID = 1L;

    /**
     * @param runDir the run directory's absolute path
     * @param cellId the cell whose model embeds
     * @param shard the shard
     * @param shards how many shards the pass has
     * @param images the shard's images, absolute paths
     * @param outDir the output directory's absolute path
     */
    record Input(String runDir, String cellId, EmbedShards.Shard shard, int shards, List<String> images, String outDir)
            implements Serializable {}

    /**
     * @param shard the shard's number
     * @param rows rows written
     * @param dim the embedding dimension
     * @param error the bad input's one-line description, or {@code null}
     */
    record Outcome(int shard, int rows, int dim, String error) implements Serializable {}

    @Override
    public Outcome call(Input input) {
        NativeLibraries.initialise(); // an executor never runs dsml's main
        try {
            // Inference shares the engine with any other task of this JVM (local mode): one at a time.
            synchronized (CellTask.ENGINE) {
                return embed(input);
            }
        } catch (DsmlException | UncheckedIOException e) {
            EmbedShards.Shard shard = input.shard();
            return new Outcome(
                    shard.index(),
                    0,
                    0,
                    String.format(
                            "shard %d of %d (images %d-%d, %s): %s",
                            shard.index(),
                            input.shards(),
                            shard.start() + 1,
                            shard.start() + shard.size(),
                            shard.fileName(),
                            e.getMessage()));
        }
    }

    private static Outcome embed(Input input) {
        List<Path> files = input.images().stream().map(Path::of).toList();
        try (TrainedCell cell = TrainedCell.load(Path.of(input.runDir()), input.cellId())) {
            EmbeddingSet set = cell.embed(files, null);
            Npy.writeFloat(Path.of(input.outDir()).resolve(input.shard().fileName()), set.data(), set.n(), set.dim());
            return new Outcome(input.shard().index(), set.n(), set.dim(), null);
        }
    }
}
