package io.dsml.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dsml.core.error.DsmlException;
import io.dsml.core.run.RunDirectory;
import io.dsml.evaluation.Calibration;
import io.dsml.evaluation.Classification;
import io.dsml.evaluation.EmbeddingSet;
import io.dsml.evaluation.EvaluationResult;
import io.dsml.evaluation.Evaluator;
import io.dsml.evaluation.Metric;
import io.dsml.evaluation.UndefinedMetricException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
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
 * a query against all others; with them, queries are ranked against the gallery. With {@code
 * --logits} (class-probability logits [n, classes], softmax per row), also the accuracy of their
 * argmax, the ECE (15 equal-mass bins, as Scott et al. 2021) and the NLL.
 */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = "Recall@K, Precision@1, R-Precision, MAP@R, NMI and AMI of given embeddings (.npy); "
                + "accuracy, ECE and NLL of given logits.")
public final class EvaluateCommand extends CommandBase implements Callable<Integer> {
    @Option(names = "--embeddings", paramLabel = "E.npy", description = "float32 [n, d] (the gallery).")
    Path embeddings;

    @Option(
            names = "--logits",
            paramLabel = "L.npy",
            description = "float32 [n, classes] class-probability logits (softmax per row), e.g. a cell's "
                    + "test_logits.npy: adds accuracy, ece and nll.")
    Path logits;

    @Option(names = "--labels", required = true, paramLabel = "L.npy", description = "integer [n].")
    Path labels;

    @Option(names = "--query-embeddings", paramLabel = "Q.npy", description = "Separate queries, float32 [m, d].")
    Path queryEmbeddings;

    @Option(names = "--query-labels", paramLabel = "QL.npy", description = "Labels of the queries, integer [m].")
    Path queryLabels;

    /** The calibration metrics, computed from {@code --logits}. */
    private static final List<String> LOGIT_METRICS = List.of("accuracy", Calibration.ECE, Calibration.NLL);

    /** Null when not given: then every metric whose input is given. */
    @Option(
            names = "--metrics",
            split = ",",
            paramLabel = "NAME",
            description = "Metrics (default: recall,precision_at_1,r_precision,map_at_r,nmi,ami,accuracy,ece,nll, "
                    + "each computed when its input is given); retrieval and clustering ones need --embeddings, "
                    + "accuracy, ece and nll need --logits: naming one whose input is missing is an error.")
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
        if (embeddings == null && logits == null) {
            throw new DsmlException("give --embeddings, --logits or both");
        }
        if (embeddings == null && queryEmbeddings != null) {
            throw new DsmlException("--query-embeddings needs --embeddings (the gallery)");
        }
        Set<Metric> wanted = embeddingMetrics();
        Map<String, Double> values = new LinkedHashMap<>();
        int loneQueries = 0;
        if (embeddings != null) {
            EvaluationResult result = retrieval(wanted);
            values.putAll(result.values());
            loneQueries = result.loneQueries();
        }
        if (logits != null) {
            values.putAll(calibration());
        }
        print(values, loneQueries);
        if (json != null) {
            String text = new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(values);
            try {
                RunDirectory.writeAtomically(json, text + "\n");
            } catch (java.io.UncheckedIOException e) {
                throw new DsmlException(json + ": cannot write: " + e.getCause().getMessage());
            }
        }
        return 0;
    }

    /** Accuracy, ECE and NLL of the logits, as far as {@code --metrics} asks for them. */
    private Map<String, Double> calibration() {
        NpyInputs.Matrix m = NpyInputs.matrix(logits, "logits [n, classes]");
        int[] y = NpyInputs.labels(labels, m.rows(), logits);
        Map<String, Double> values = new LinkedHashMap<>();
        try {
            if (requested("accuracy")) {
                values.put("accuracy", Classification.argmaxAccuracy(m.data(), m.rows(), m.cols(), y));
            }
            if (requested(Calibration.ECE)) {
                values.put(Calibration.ECE, Calibration.ece(m.data(), m.rows(), m.cols(), y));
            }
            if (requested(Calibration.NLL)) {
                values.put(Calibration.NLL, Calibration.nll(m.data(), m.rows(), m.cols(), y));
            }
        } catch (IllegalArgumentException e) {
            throw new DsmlException(logits + ": " + e.getMessage());
        }
        return values;
    }

    private boolean requested(String metric) {
        return metrics == null || metrics.contains(metric);
    }

    private EvaluationResult retrieval(Set<Metric> wanted) {
        EmbeddingSet gallery = NpyInputs.embeddingSet(embeddings, labels);
        EvaluationResult result;
        if (wanted.isEmpty()) {
            return new EvaluationResult(new LinkedHashMap<>());
        }
        try {
            Evaluator evaluator =
                    Evaluator.builder().metrics(wanted).recallAt(ks).seed(seed).build();
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
        return result;
    }

    /**
     * The embedding metrics asked for (all of them when {@code --metrics} is not given), after
     * checking that every named metric exists and that its input is given: a metric that cannot be
     * computed is refused rather than left out of the table.
     */
    private Set<Metric> embeddingMetrics() {
        if (metrics == null) {
            return EnumSet.allOf(Metric.class);
        }
        Set<Metric> parsed = EnumSet.noneOf(Metric.class);
        for (String name : metrics) {
            if (LOGIT_METRICS.contains(name)) {
                if (logits == null) {
                    throw new DsmlException("--metrics: " + name + " needs --logits");
                }
                continue;
            }
            try {
                parsed.add(Metric.parse(name));
            } catch (IllegalArgumentException e) {
                throw new DsmlException("--metrics: " + e.getMessage());
            }
            if (embeddings == null) {
                throw new DsmlException("--metrics: " + name + " needs --embeddings");
            }
        }
        return parsed;
    }

    private void print(Map<String, Double> values, int loneQueries) {
        PrintStream out = out();
        out.println("| metric | value |");
        out.println("|---|---|");
        for (Map.Entry<String, Double> e : values.entrySet()) {
            out.printf(Locale.ROOT, "| %s | %.4f |%n", e.getKey(), e.getValue());
        }
        if (loneQueries > 0) {
            out.printf(
                    "%d queries have no other sample of their class and are left out of retrieval means%n",
                    loneQueries);
        }
    }
}
