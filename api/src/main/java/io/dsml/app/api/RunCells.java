package io.dsml.app.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsml.core.config.CellPlan;
import io.dsml.core.config.ConfigLoader;
import io.dsml.core.config.ExperimentConfig;
import io.dsml.core.error.DsmlException;
import io.dsml.core.export.ModelExport;
import io.dsml.core.inject.Registries;
import io.dsml.core.run.CellResult;
import io.dsml.core.run.ExperimentRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Finds the finished cells of a run directory that saved a model. */
public final class RunCells {
    private static final ObjectMapper JSON = new ObjectMapper();

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
        Path cells = runDir.resolve("cells");
        if (!Files.isDirectory(cells)) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(cells)) {
            for (Path dir : dirs.sorted().toList()) {
                if (isFinished(dir)
                        && Files.isRegularFile(
                                dir.resolve(ModelExport.DIRECTORY).resolve(ModelExport.DESCRIPTION))) {
                    ids.add(dir.getFileName().toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
        Path config = runDir.resolve("config.yaml");
        if (!Files.isRegularFile(config)) {
            return List.of();
        }
        try {
            ExperimentConfig loaded = new ConfigLoader().load(config, List.of());
            return new ExperimentRunner(registries)
                    .validate(loaded).stream().map(CellPlan::id).toList();
        } catch (DsmlException e) {
            return List.of(); // a config this version cannot read: fall back to directory order
        }
    }

    private static boolean isFinished(Path cellDir) {
        Path result = cellDir.resolve("result.json");
        if (!Files.isRegularFile(result)) {
            return false;
        }
        try {
            return JSON.readValue(result.toFile(), CellResult.class).ok();
        } catch (IOException e) {
            return false;
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
            boolean exists = Files.isDirectory(runDir.resolve("cells").resolve(id));
            throw new DsmlException(runDir + ": "
                    + (exists ? "cell '" + id + "' has not finished or saved no model" : "no cell '" + id + "'")
                    + "; finished cells: " + String.join(", ", finished));
        }
        return runDir.resolve("cells").resolve(id).resolve(ModelExport.DIRECTORY);
    }
}
