package io.dsml.app.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsml.core.error.DsmlException;
import io.dsml.core.export.ModelExport;
import io.dsml.core.run.CellResult;
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
     * sorted.
     *
     * @throws DsmlException when {@code runDir} is not a directory
     */
    public static List<String> finished(Path runDir) {
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
        return ids;
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
     * The model directory of cell {@code cellId}, or of the first finished cell when {@code cellId}
     * is {@code null}.
     *
     * @throws DsmlException when the run has no finished cell with a model, or no such cell
     */
    public static Path modelDir(Path runDir, String cellId) {
        List<String> finished = finished(runDir);
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
