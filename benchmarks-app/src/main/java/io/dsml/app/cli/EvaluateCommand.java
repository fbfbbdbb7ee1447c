package io.dsml.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dsml.core.error.DsmlException;
import io.dsml.core.run.RunDirectory;
import io.dsml.evaluation.EmbeddingSet;
import io.dsml.evaluation.EvaluationResult;
import io.dsml.evaluation.Evaluator;
import io.dsml.evaluation.Metric;
import io.dsml.evaluation.UndefinedMetricException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dsml evaluate}: retrieval and clustering metrics of embeddings computed anywhere. The
 * embeddings are L2-normalised (every similarity is a cosine). Without query files, each sample is
 * a query against all others; with them, queries are ranked against the gallery.
 */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = "Recall@K, Precision@1, R-Precision, MAP@R, NMI and AMI of given embeddings (.npy).")
public final class EvaluateCommand implements Callable<Integer> {
    @Option(
            names = "--embeddings",
            required = true,
            paramLabel = "E.npy",
            description = "float32 [n, d] (the gallery).")
    Path embeddings;

    @Option(names = "--labels", required = true, paramLabel = "L.npy", description = "integer [n].")
    Path labels;

    @Option(names = "--query-embeddings", paramLabel = "Q.npy", description = "Separate queries, float32 [m, d].")
    Path queryEmbeddings;

    @Option(names = "--query-labels", paramLabel = "QL.npy", description = "Labels of the queries, integer [m].")
    Path queryLabels;

    @Option(
            names = "--metrics",
            split = ",",
            paramLabel = "NAME",
            defaultValue = "recall,precision_at_1,r_precision,map_at_r,nmi,ami",
            description = "Metrics (default: ${DEFAULT-VALUE}).")
    List<String> metrics;

    @Option(
            names = "--k",
            split = ",",
            paramLabel = "K",
            defaultValue = "1,2,4,8",
            description = "The K of Recall@K (default: ${DEFAULT-VALUE}).")
    int[] ks;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of k-means (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", paramLabel = "OUT.json", description = "Also write the metrics as JSON.")
    Path json;

    @Override
    public Integer call() throws Exception {
        if ((queryEmbeddings == null) != (queryLabels == null)) {
            throw new DsmlException("--query-embeddings and --query-labels go together");
        }
        EmbeddingSet gallery = NpyInputs.embeddingSet(embeddings, labels);
        EvaluationResult result;
        try {
            Evaluator evaluator = Evaluator.builder()
                    .metrics(parseMetrics())
                    .recallAt(ks)
                    .seed(seed)
                    .build();
            if (queryEmbeddings == null) {
                result = evaluator.evaluate(gallery);
            } else {
                EmbeddingSet queries = NpyInputs.embeddingSet(queryEmbeddings, queryLabels);
                if (queries.dim() != gallery.dim()) {
                    throw new DsmlException(queryEmbeddings + ": dimension " + queries.dim() + " differs from "
                            + embeddings + "'s " + gallery.dim());
                }
                result = evaluator.evaluate(queries, gallery);
            }
        } catch (UndefinedMetricException e) {
            String files = queryLabels == null ? labels.toString() : queryLabels + " against " + labels;
            throw new DsmlException(files + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new DsmlException(e.getMessage());
        }
        print(result);
        if (json != null) {
            String text = new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(result.values());
            try {
                RunDirectory.writeAtomically(json, text + "\n");
            } catch (java.io.UncheckedIOException e) {
                throw new DsmlException(json + ": cannot write: " + e.getCause().getMessage());
            }
        }
        return 0;
    }

    private Set<Metric> parseMetrics() {
        Set<Metric> parsed = EnumSet.noneOf(Metric.class);
        for (String name : metrics) {
            try {
                parsed.add(Metric.parse(name));
            } catch (IllegalArgumentException e) {
                throw new DsmlException("--metrics: " + e.getMessage());
            }
        }
        return parsed;
    }

    private static void print(EvaluationResult result) {
        System.out.println("| metric | value |");
        System.out.println("|---|---|");
        for (Map.Entry<String, Double> e : result.values().entrySet()) {
            System.out.printf(Locale.ROOT, "| %s | %.4f |%n", e.getKey(), e.getValue());
        }
        if (result.loneQueries() > 0) {
            System.out.printf(
                    "%d queries have no other sample of their class and are left out of retrieval means%n",
                    result.loneQueries());
        }
    }
}
