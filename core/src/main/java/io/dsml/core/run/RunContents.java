package io.dsml.core.run;

import io.dsml.core.config.CellPlan;
import io.dsml.core.config.ConfigFingerprint;
import io.dsml.core.config.ExperimentConfig;
import io.dsml.core.error.DsmlException;
import io.dsml.core.train.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run directory already holds, checked against the configuration before a resumed run
 * writes anything: every checkpoint must have been made with this configuration (its fingerprint,
 * all settings but {@code training.epochs}) for this very cell (its id and seed), and no cell may have trained more epochs than
 * configured. A cell that finished with fewer epochs than configured (the run was resumed with a
 * higher {@code training.epochs}) is trained on from its last checkpoint, so the table never mixes
 * cells of different lengths.
 */
final class RunContents {
    private RunContents() {}

    /**
     * The cells whose result stands as it is: finished with the configured epochs, or diverged.
     *
     * @throws DsmlException if a checkpoint belongs to another configuration, a cell went past the
     *     configured epochs, or a finished cell cannot be trained longer
     */
    static Map<String, CellResult> standingResults(
            ExperimentConfig config, RunDirectory directory, List<CellPlan> cells) {
        String fingerprint = ConfigFingerprint.of(config);
        int epochs = config.training().epochs();
        Map<String, CellResult> standing = new LinkedHashMap<>();
        for (CellPlan plan : cells) {
            CellFiles cell = directory.store().cell(plan.id());
            Path checkpoint = cell.checkpoint();
            Path resultFile = cell.result();
            if (Files.exists(checkpoint)) {
                checkCheckpoint(checkpoint, new Checkpoint.Owner(fingerprint, plan.id(), plan.seed()), epochs);
            }
            if (!Files.exists(resultFile)) {
                continue;
            }
            CellResult result = cell.readResult();
            if (result.standsFor(epochs)) {
                standing.put(plan.id(), result);
            } else if (result.epochs() > epochs) {
                throw new DsmlException(resultFile + ": the cell finished " + result.epochs()
                        + " epochs, more than training.epochs = " + epochs
                        + "; a run can only be resumed to train longer");
            } else if (!Files.exists(checkpoint)) {
                throw new DsmlException(resultFile + ": the cell finished " + result.epochs()
                        + " epochs and its checkpoint is gone, so it cannot be trained to " + epochs
                        + "; start a new run");
            }
        }
        return standing;
    }

    private static void checkCheckpoint(Path checkpoint, Checkpoint.Owner cell, int epochs) {
        Checkpoint.Header header = Checkpoint.header(checkpoint);
        if (!header.configFingerprint().equals(cell.configFingerprint())) {
            throw new DsmlException(checkpoint + ": made with a different configuration than the run's "
                    + "config.yaml (was config.yaml edited?); a resumed run must keep its settings: restore "
                    + "config.yaml, or start a new run");
        }
        Checkpoint.requireOwnedBy(checkpoint, header, cell);
        if (header.position().epochsDone() > epochs) {
            throw new DsmlException(
                    checkpoint + ": the cell has trained " + header.position().epochsDone()
                            + " epochs, more than training.epochs = " + epochs
                            + "; a run can only be resumed to train longer");
        }
    }
}
