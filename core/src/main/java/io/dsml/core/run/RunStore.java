package io.dsml.core.run;

import io.dsml.core.config.CellPlan;
import io.dsml.core.config.ConfigLoader;
import io.dsml.core.config.ExperimentConfig;
import io.dsml.core.error.DsmlException;
import io.dsml.core.files.IoFailure;
import io.dsml.core.files.PathComponent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The layout of a run directory and the one owner of its file names: {@code config.yaml}, {@code
 * cells/<id>/} (see {@link CellFiles}) and the aggregated {@code results.md}, {@code results.csv}
 * and {@code results.json}. Reads the recorded configuration and the cells' results back, and
 * writes the configuration and the results files atomically. A store is a view of a path: it
 * creates nothing until asked to write ({@link RunDirectory} creates and opens run directories).
 */
public final class RunStore {
    /** The run's resolved configuration. */
    public static final String CONFIG = "config.yaml";
    /** The directory holding one sub-directory per cell. */
    public static final String CELLS = "cells";

    public static final String RESULTS_MD = "results.md";
    public static final String RESULTS_CSV = "results.csv";
    public static final String RESULTS_JSON = "results.json";

    private final Path root;

    private RunStore(Path root) {
        this.root = root;
    }

    /** The run directory at {@code root}, which may not exist (yet). */
    public static RunStore at(Path root) {
        return new RunStore(root);
    }

    public Path root() {
        return root;
    }

    public Path configFile() {
        return root.resolve(CONFIG);
    }

    public Path cellsDir() {
        return root.resolve(CELLS);
    }

    /** The files of cell {@code cellId}, whether or not it exists. */
    public CellFiles cell(String cellId) {
        return CellFiles.in(cellsDir().resolve(cellId));
    }

    /**
     * The files of cell {@code cellId}, its directory created if needed.
     *
     * @throws DsmlException if the id is not a plain directory name or the directory cannot be made
     */
    public CellFiles createCell(String cellId) {
        PathComponent.require("cell id", cellId);
        CellFiles cell = cell(cellId);
        try {
            Files.createDirectories(cell.dir());
        } catch (IOException e) {
            throw new DsmlException(cell.dir() + ": cannot create the cell's directory: " + IoFailure.reason(e));
        }
        return cell;
    }

    public Path resultsMarkdown() {
        return root.resolve(RESULTS_MD);
    }

    public Path resultsCsv() {
        return root.resolve(RESULTS_CSV);
    }

    public Path resultsJson() {
        return root.resolve(RESULTS_JSON);
    }

    /** Whether this looks like a run directory: it holds a {@code config.yaml} or a {@code cells/}. */
    public boolean looksLikeRun() {
        return Files.isRegularFile(configFile()) || Files.isDirectory(cellsDir());
    }

    /** Whether any cell has a checkpoint or a result; {@code true} when that cannot be told. */
    public boolean holdsCellState() {
        if (!Files.isDirectory(cellsDir())) {
            return false;
        }
        try (Stream<Path> dirs = Files.list(cellsDir())) {
            return dirs.anyMatch(dir -> CellFiles.in(dir).holdsState());
        } catch (IOException e) {
            return true; // cannot tell: keep it
        }
    }

    /**
     * Every cell directory, sorted by name; none when there is no {@code cells/}.
     *
     * @throws DsmlException if {@code cells/} cannot be listed
     */
    public List<CellFiles> cellsInDirectoryOrder() {
        if (!Files.isDirectory(cellsDir())) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(cellsDir())) {
            return dirs.sorted().map(CellFiles::in).toList();
        } catch (IOException e) {
            throw new DsmlException(cellsDir() + ": cannot list the cells: " + IoFailure.reason(e));
        }
    }

    /** The recorded configuration, or {@code null} for a directory without one (an older version's). */
    public ExperimentConfig readConfig() {
        return Files.exists(configFile()) ? new ConfigLoader().load(configFile(), List.of()) : null;
    }

    /**
     * Records the run's configuration as {@code config.yaml}. Processes that share a run directory
     * (job-array shares, a Spark driver) each call this; the file is written once, atomically,
     * and a process that brings a different configuration is refused rather than mixing two
     * experiments in one directory.
     *
     * @param replace whether a different existing file may be replaced (a resumed run that trains
     *     longer); otherwise a differing file is an error
     */
    public void writeConfig(ExperimentConfig config, boolean replace) {
        Path file = configFile();
        String yaml = new ConfigLoader().toYaml(config);
        if (replace) {
            if (!sameContent(file, yaml)) { // resuming a finished run rewrites nothing
                RunDirectory.writeAtomically(file, yaml);
            }
            return;
        }
        String existing = RunDirectory.writeOnce(file, yaml);
        if (existing != null) {
            throw new DsmlException(
                    file.toString(),
                    null,
                    "this run directory holds another configuration (" + firstDifference(existing, yaml)
                            + "); every process sharing a run directory must run the same experiment with the same "
                            + io.dsml.core.error.UserInput.Kind.CONFIG_OVERRIDE.mention());
        }
    }

    private static boolean sameContent(Path file, String content) {
        try {
            return Files.exists(file) && Files.readString(file).equals(content);
        } catch (IOException e) {
            return false; // unreadable: write it anew
        }
    }

    private static String firstDifference(String existing, String ours) {
        List<String> a = existing.lines().toList();
        List<String> b = ours.lines().toList();
        for (int line = 0; line < Math.max(a.size(), b.size()); line++) {
            String x = line < a.size() ? a.get(line) : "";
            String y = line < b.size() ? b.get(line) : "";
            if (!x.equals(y)) {
                return "line " + (line + 1) + ": '" + x.strip() + "' there, '" + y.strip() + "' here";
            }
        }
        return "same lines";
    }

    /**
     * The results of {@code grid}'s cells finished here, in grid order; a cell still being trained
     * longer (resumed with more epochs) is not finished.
     */
    public List<CellResult> finishedResults(List<CellPlan> grid, int epochs) {
        List<CellResult> results = new ArrayList<>();
        for (CellPlan plan : grid) {
            CellFiles cell = cell(plan.id());
            if (cell.hasResult()) {
                CellResult result = cell.readResult();
                if (result.standsFor(epochs)) {
                    results.add(result);
                }
            }
        }
        return results;
    }

    /**
     * The results of every cell here, in directory order, for a run without its grid (cut short,
     * or written by an older version).
     *
     * @param epochs the configured epochs (a cell with fewer is still being trained longer), or
     *     {@code null} to take every result
     */
    public List<CellResult> finishedResultsInDirectoryOrder(Integer epochs) {
        List<CellResult> results = new ArrayList<>();
        for (CellFiles cell : cellsInDirectoryOrder()) {
            if (cell.hasResult()) {
                CellResult result = cell.readResult();
                if (epochs == null || result.standsFor(epochs)) {
                    results.add(result);
                }
            }
        }
        return results;
    }

    /** Writes the aggregated results files, each atomically. */
    public void writeResults(String markdown, String csv, String json) {
        RunDirectory.writeAtomically(resultsMarkdown(), markdown);
        RunDirectory.writeAtomically(resultsCsv(), csv);
        RunDirectory.writeAtomically(resultsJson(), json);
    }
}
