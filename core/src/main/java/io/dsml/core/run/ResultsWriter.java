package io.dsml.core.run;

import io.dsml.core.config.CellPlan;
import io.dsml.core.config.ExperimentConfig;
import io.dsml.core.error.DsmlException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Aggregates cell results into a run directory's {@code results.md}, {@code results.csv} and
 * {@code results.json}: for a run that just trained, for a grid shared by several processes (in
 * grid order, from the recorded configuration) and for a run cut short or written by an older
 * version (in directory order).
 */
final class ResultsWriter {
    private ResultsWriter() {}

    /** The ids of {@code grid}'s cells that have no result in {@code results}, in grid order. */
    static List<String> missingIds(List<CellPlan> grid, List<CellResult> results) {
        Set<String> done = new HashSet<>();
        results.forEach(r -> done.add(r.cellId()));
        return grid.stream().map(CellPlan::id).filter(id -> !done.contains(id)).toList();
    }

    /**
     * Aggregates a run directory from its {@code config.yaml} and the finished cells' results, in
     * the grid's order (so the tables equal those of an uninterrupted run, however many processes
     * trained the cells); the summary names the cells still missing. A directory without {@code
     * config.yaml} (an older version's) is aggregated in directory order.
     *
     * @param planner plans the recorded configuration's grid
     * @param baseline the loss label to compare with, or {@code null} for the run's {@code
     *     evaluation.baseline}
     */
    static ExperimentRunner.Summary reportGrid(RunDirectory directory, String baseline, ExperimentPlanner planner) {
        ExperimentConfig config = directory.store().readConfig();
        if (config == null) {
            String experiment = directory
                    .root()
                    .toAbsolutePath()
                    .normalize()
                    .getParent()
                    .getFileName()
                    .toString();
            return reportInDirectoryOrder(directory, experiment, baseline);
        }
        List<CellPlan> grid = CellIds.adopt(directory, planner.validate(config));
        List<CellResult> results =
                directory.store().finishedResults(grid, config.training().epochs());
        if (results.isEmpty()) {
            throw new DsmlException(
                    directory.root() + ": no finished cell to report (" + grid.size() + " cell(s) missing)");
        }
        return write(
                directory,
                config.name(),
                results,
                missingIds(grid, results),
                baseline != null ? baseline : config.evaluation().baseline(),
                ConcatenatedFolds.of(directory, config.evaluation(), results));
    }

    /**
     * Aggregates the finished cells of a run directory in directory order, comparing with {@code
     * baseline} ({@code null}: none); a cell still being trained longer (resumed with more
     * epochs) is not finished.
     */
    private static ExperimentRunner.Summary reportInDirectoryOrder(
            RunDirectory directory, String title, String baseline) {
        ExperimentConfig config = directory.store().readConfig();
        List<CellResult> results = directory
                .store()
                .finishedResultsInDirectoryOrder(
                        config == null ? null : config.training().epochs());
        if (results.isEmpty()) {
            throw new DsmlException(directory.root() + ": no finished cell to report");
        }
        return write(directory, title, results, List.of(), baseline);
    }

    /**
     * Writes the results files; {@code results.md} lists the cells still missing, if any, and the
     * cells that failed with their errors.
     *
     * @param baseline the loss label the tables compare with, or {@code null}
     */
    static ExperimentRunner.Summary write(
            RunDirectory directory, String title, List<CellResult> results, List<String> missing, String baseline) {
        return write(directory, title, results, missing, baseline, List.of());
    }

    /**
     * As {@link #write(RunDirectory, String, List, List, String)}, with a second table of the
     * cross-validation's concatenated evaluation ({@link ConcatenatedFolds}) when there is one.
     */
    static ExperimentRunner.Summary write(
            RunDirectory directory,
            String title,
            List<CellResult> results,
            List<String> missing,
            String baseline,
            List<CellResult> concatenated) {
        ResultsTable table = ResultsTable.of(results, baseline);
        StringBuilder md = new StringBuilder("# " + title + "\n\n" + table.markdown());
        if (!concatenated.isEmpty()) {
            md.append("\n## The folds' models concatenated\n\nEach seed's k fold models embed the test split;"
                            + " their embeddings, each L2-normalised, are joined (k x d dimensions) and measured"
                            + " as one model's (A Metric Learning Reality Check's concatenated evaluation).\n\n")
                    .append(ResultsTable.of(concatenated, baseline).markdown());
        }
        List<CellResult> failed = results.stream()
                .filter(r -> CellResult.FAILED.equals(r.status()))
                .toList();
        if (!failed.isEmpty()) {
            md.append('\n');
            failed.forEach(r -> md.append("Failed: ")
                    .append(r.cellId())
                    .append(": ")
                    .append(r.message())
                    .append('\n'));
        }
        if (!missing.isEmpty()) {
            md.append("\nMissing (no result yet, ")
                    .append(missing.size())
                    .append(" cell(s)): ")
                    .append(String.join(", ", missing))
                    .append('\n');
        }
        directory.store().writeResults(md.toString(), table.csv(), table.json());
        return new ExperimentRunner.Summary(directory.root(), results, table, missing);
    }
}
