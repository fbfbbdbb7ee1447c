package io.dsml.app.cli;

import io.dsml.core.error.DsmlException;
import io.dsml.evaluation.bench.BenchReport;
import io.dsml.evaluation.bench.EvaluationBenchmark;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dsml bench evaluate}: evaluation speed and peak memory on random clustered data. */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = "Time the evaluation (exact kNN, retrieval metrics, k-means NMI/AMI) on random clustered data.")
public final class BenchEvaluateCommand implements Callable<Integer> {
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
        BenchReport report;
        try {
            report = EvaluationBenchmark.run(n, dim, k, classes, seed);
        } catch (IllegalArgumentException e) {
            throw new DsmlException(e.getMessage());
        }
        System.out.println(json ? report.toJson() : report.toText());
        return 0;
    }
}
