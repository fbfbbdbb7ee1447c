package io.dsml.app.api;

import io.dsml.core.config.CellPlan;
import io.dsml.core.config.ExperimentConfig;
import io.dsml.core.error.DsmlException;
import io.dsml.core.export.ModelExport;
import io.dsml.core.inject.Registries;
import io.dsml.core.run.CellFiles;
import io.dsml.core.run.ExperimentRunner;
import io.dsml.core.run.RunStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds the finished cells of a run directory that saved a model. */
public final class RunCells {
    private RunCells() {}

    /**
     * The ids of the cells that finished ({@code result.json} with status ok) and saved a model,
     * in the grid's order (the run's {@code config.yaml}: seeds, then backbones, then losses, each in
     * config order, as the run trains them); cells the grid does not name (a run without its
     * config) follow, sorted.
     *
     * @param registries the components the run's grid is planned with
     * @throws DsmlException when {@code runDir} is not a directory
     */
    public static List<String> finished(Path runDir, Registries registries) {
        if (!Files.isDirectory(runDir)) {
            throw new DsmlException(runDir + ": no such run directory");
        }
        RunStore store = RunStore.at(runDir);
        if (!Files.isDirectory(store.cellsDir())) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        for (CellFiles cell : store.cellsInDirectoryOrder()) {
            if (isFinished(cell) && Files.isRegularFile(cell.model().resolve(ModelExport.DESCRIPTION))) {
                ids.add(cell.dir().getFileName().toString());
            }
        }
        List<String> grid = gridOrder(runDir, registries);
        ids.sort(java.util.Comparator.comparingInt(id -> {
            int at = grid.indexOf(id);
            return at < 0 ? grid.size() : at;
        }));
        return ids;
    }

    /** The ids of the run's grid in training order, or none when the run has no readable config. */
    private static List<String> gridOrder(Path runDir, Registries registries) {
        if (!Files.isRegularFile(RunStore.at(runDir).configFile())) {
            return List.of();
        }
        try {
            ExperimentConfig loaded = RunStore.at(runDir).readConfig();
            return new ExperimentRunner(registries)
                    .validate(loaded).stream().map(CellPlan::id).toList();
        } catch (DsmlException e) {
            return List.of(); // a config this version cannot read: fall back to directory order
        }
    }

    private static boolean isFinished(CellFiles cell) {
        if (!Files.isRegularFile(cell.result())) {
            return false;
        }
        try {
            return cell.readResult().ok();
        } catch (DsmlException e) {
            return false; // unreadable: not finished
        }
    }

    /**
     * The model directory of cell {@code cellId}, or of the first finished cell of the grid when
     * {@code cellId} is {@code null}.
     *
     * @throws DsmlException when the run has no finished cell with a model, or no such cell
     */
    public static Path modelDir(Path runDir, String cellId, Registries registries) {
        List<String> finished = finished(runDir, registries);
        if (finished.isEmpty()) {
            throw new DsmlException(runDir + ": no finished cell with a saved model (cells/<id>/model/)");
        }
        String id = cellId == null ? finished.get(0) : cellId;
        if (!finished.contains(id)) {
            boolean exists = Files.isDirectory(RunStore.at(runDir).cell(id).dir());
            throw new DsmlException(runDir + ": "
                    + (exists ? "cell '" + id + "' has not finished or saved no model" : "no cell '" + id + "'")
                    + "; finished cells: " + String.join(", ", finished));
        }
        return RunStore.at(runDir).cell(id).model();
    }
}
