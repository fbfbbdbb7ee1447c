package io.dsml.app.cli;

import io.dsml.core.error.DsmlException;
import io.dsml.evaluation.bench.BenchReport;
import io.dsml.evaluation.bench.EvaluationBenchmark;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dsml bench evaluate}: evaluation speed and peak memory on random clustered data. */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = "Time the evaluation (exact kNN, retrieval metrics, k-means NMI/AMI) on random clustered data.")
public final class BenchEvaluateCommand extends CommandBase implements Callable<Integer> {
    @Option(names = "--n", required = true, description = "Number of embeddings.")
    int n;

    @Option(names = "--dim", required = true, description = "Embedding dimension.")
    int dim;

    @Option(names = "--k", required = true, description = "Neighbours per query (largest Recall@K).")
    int k;

    @Option(names = "--classes", defaultValue = "0", description = "Classes (default: SOP's ratio of n).")
    int classes;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the data (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Override
    public Integer call() {
        if (n < 2 || dim < 1 || k < 1 || k >= n) {
            throw new DsmlException("need --n >= 2, --dim >= 1 and 1 <= --k < --n");
        }
        checkFitsInMemory();
        BenchReport report;
        try {
            report = EvaluationBenchmark.run(n, dim, k, classes, seed);
        } catch (IllegalArgumentException e) {
            throw new DsmlException(e.getMessage());
        } catch (OutOfMemoryError e) {
            throw io.dsml.core.error.EngineFailure.explain(
                    "--n " + n + " --dim " + dim + " --k " + k, e, "use smaller sizes");
        }
        out().println(json ? report.toJson() : report.toText());
        return 0;
    }

    /**
     * The embeddings are one Java array and the neighbour lists another n x k of (index, score):
     * refuse sizes that cannot be indexed or cannot fit in the heap before allocating them.
     */
    private void checkFitsInMemory() {
        long values = (long) n * dim;
        if (values > Integer.MAX_VALUE - 8) {
            throw new DsmlException(String.format(
                    Locale.ROOT,
                    "--n %d --dim %d: %,d values do not fit in one Java array (at most 2^31 - 1)",
                    n,
                    dim,
                    values));
        }
        long bytes = 4 * values + 8L * n * k + 4L * n;
        long heap = Runtime.getRuntime().maxMemory();
        if (bytes > heap) {
            throw new DsmlException(String.format(
                    Locale.ROOT,
                    "--n %d --dim %d --k %d needs at least %.1f GiB, more than this JVM's %.1f GiB (raise -Xmx or"
                            + " use smaller sizes)",
                    n,
                    dim,
                    k,
                    bytes / 1073741824.0,
                    heap / 1073741824.0));
        }
    }
}
