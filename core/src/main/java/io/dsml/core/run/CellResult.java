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
 * @param status {@code ok} or {@code diverged}
 * @param message why a cell did not finish, or empty
 * @param epochs epochs trained
 * @param trainSeconds wall time of training (steps and class-state refreshes)
 * @param metrics final test metrics
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
        Map<String, Double> metrics) {
    public static final String OK = "ok";
    public static final String DIVERGED = "diverged";

    public CellResult {
        message = message == null ? "" : message;
        metrics = metrics == null
                ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
    }

    public boolean ok() {
        return OK.equals(status);
    }
}
