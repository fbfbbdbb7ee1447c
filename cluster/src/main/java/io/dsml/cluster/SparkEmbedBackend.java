package io.dsml.cluster;

import io.dsml.app.grid.EmbedBackend;
import io.dsml.app.grid.EmbedShards;
import io.dsml.core.error.DsmlException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code dsml embed ... --spark MASTER}: the driver's image list cut into contiguous shards, a
 * Spark task per shard ({@link EmbedTask}); once every shard is written, the driver writes the
 * index and the manifest. A shard with bad input fails the pass with one line naming the image and
 * the shard, and the shards already written are removed.
 */
public final class SparkEmbedBackend implements EmbedBackend {
    @Override
    public String name() {
        return io.dsml.app.grid.GridBackends.SPARK;
    }

    @Override
    public EmbedShards.Manifest run(Job job, PrintStream out) {
        SparkGridBackend.SparkSettings settings = SparkGridBackend.SparkSettings.of(job.master(), job.settings());
        try (JavaSparkContext spark = settings.start("dsml embed " + job.cellId())) {
            int shards = job.shards() > 0 ? job.shards() : Math.max(1, spark.defaultParallelism());
            List<EmbedShards.Shard> plan = EmbedShards.plan(job.images().size(), shards, job.inferenceBatch());
            out.printf(
                    "spark: %s, %d image(s) in %d shard(s) of up to %d%n",
                    spark.master(),
                    job.images().size(),
                    plan.size(),
                    plan.get(0).size());
            List<EmbedTask.Input> inputs = new ArrayList<>();
            for (EmbedShards.Shard shard : plan) {
                inputs.add(new EmbedTask.Input(
                        job.runDir().toString(),
                        job.cellId(),
                        shard,
                        plan.size(),
                        List.copyOf(job.images().subList(shard.start(), shard.start() + shard.size())),
                        job.outDir().toString()));
            }
            List<EmbedTask.Outcome> outcomes;
            try {
                outcomes = spark.parallelize(inputs, inputs.size())
                        .map(new EmbedTask())
                        .collect();
            } catch (RuntimeException e) {
                EmbedShards.discard(job.outDir(), plan);
                throw new DsmlException("--spark " + spark.master() + ": the embedding job failed: "
                        + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
            }
            String error = outcomes.stream()
                    .map(EmbedTask.Outcome::error)
                    .filter(e -> e != null)
                    .findFirst()
                    .orElse(null);
            if (error != null) {
                EmbedShards.discard(job.outDir(), plan);
                throw new DsmlException(error);
            }
            return EmbedShards.finish(
                    job.outDir(),
                    job.cellId(),
                    job.names(),
                    plan,
                    outcomes.get(0).dim());
        }
    }
}
