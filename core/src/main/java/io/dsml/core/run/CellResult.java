package io.dsml.core.run;

import java.util.Map;

/**
 * The outcome of one cell, as stored in {@code cells/<id>/result.json} and aggregated into the
 * results tables.
 *
 * @param cellId the cell's directory name
 * @param dataset dataset name and split
 * @param backbone backbone label
 * @param loss loss label
 * @param seed the seed
 * @param status {@code ok}, {@code diverged}, or {@code failed} (an error that retries did not
 *     cure, in a distributed run; such a result is reported but not stored as the cell's result,
 *     so a resumed run tries the cell again)
 * @param message why a cell did not finish, or empty
 * @param epochs epochs trained
 * @param trainSeconds wall time of training (steps and class-state refreshes)
 * @param metrics final test metrics
 * @param fold the class-disjoint fold the cell trained on ({@code evaluation.folds}), or {@code null}
 */
public record CellResult(
        String cellId,
        String dataset,
        String backbone,
        String loss,
        long seed,
        String status,
        String message,
        int epochs,
        double trainSeconds,
        Map<String, Double> metrics,

        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        Integer fold) {
    public static final String OK = "ok";
    public static final String DIVERGED = "diverged";
    public static final String FAILED = "failed";

    public CellResult {
        message = message == null ? "" : message;
        metrics = metrics == null
                ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
    }

    /** A cell without a fold. */
    public CellResult(
            String cellId,
            String dataset,
            String backbone,
            String loss,
            long seed,
            String status,
            String message,
            int epochs,
            double trainSeconds,
            Map<String, Double> metrics) {
        this(cellId, dataset, backbone, loss, seed, status, message, epochs, trainSeconds, metrics, null);
    }

    /**
     * What the cell replicates within its group of the results table: its seed, and its fold when
     * it has one ({@code 3/fold1}); the baseline comparison pairs cells by it.
     */
    public String replicate() {
        return fold == null ? Long.toString(seed) : seed + "/fold" + fold;
    }

    public boolean ok() {
        return OK.equals(status);
    }

    /**
     * Whether a run configured for {@code epochs} keeps this result as it is: finished with those
     * epochs, or diverged. A cell finished with fewer epochs is trained on by a resumed run.
     */
    public boolean standsFor(int epochs) {
        return !ok() || this.epochs == epochs;
    }
}
