package io.dsml.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultsTableTest {
    private static CellResult cell(String loss, long seed, double accuracy, String status) {
        return new CellResult(
                loss + seed,
                "fmnist/classification",
                "conv-2",
                loss,
                seed,
                status,
                "",
                3,
                10 * seed,
                status.equals(CellResult.OK) ? Map.of("accuracy", accuracy) : Map.of());
    }

    @Test
    void aggregatesMeanAndSampleStdOverSeedsAndSkipsDivergedCells() {
        ResultsTable table = ResultsTable.of(List.of(
                cell("vmf", 1, 0.80, CellResult.OK),
                cell("vmf", 2, 0.90, CellResult.OK),
                cell("softmax", 1, 0.70, CellResult.OK),
                cell("softmax", 2, 0, CellResult.DIVERGED)));
        // vmf: mean 0.85, sample std sqrt(((0.05)^2 * 2) / 1) = 0.0707 -> 85.00 ± 7.07 percent.
        assertThat(table.markdown())
                .contains("| fmnist/classification | conv-2 | vmf | 2 | 85.00 ± 7.07 | 15.0 ± 7.1 |")
                .contains("| fmnist/classification | conv-2 | softmax | 1/2 (diverged) | 70.00 | 10.0 |");
        assertThat(table.csv())
                .contains("fmnist/classification,conv-2,vmf,2,2,0.85")
                .contains(",0.0707106781186547")
                .contains("fmnist/classification,conv-2,softmax,2,1,0.7,,10.0,") // one seed: no std
                .doesNotContain("0.7,0.0");
        assertThat(table.json()).contains("\"status\" : \"diverged\"");
    }

    @Test
    void aMetricThatDoesNotApplyToAFinishedRowIsNa() {
        CellResult triplet = new CellResult(
                "t1", "fmnist/classification", "conv-2", "triplet", 1, CellResult.OK, "", 3, 10, Map.of());
        CellResult diverged = new CellResult(
                "n1", "fmnist/classification", "conv-2", "npair", 1, CellResult.DIVERGED, "", 1, 5, Map.of());
        ResultsTable table = ResultsTable.of(List.of(cell("vmf", 1, 0.80, CellResult.OK), triplet, diverged));
        assertThat(table.markdown())
                .contains("| fmnist/classification | conv-2 | triplet | 1 | n/a | 10.0 |")
                .contains("| fmnist/classification | conv-2 | npair | 0/1 (diverged) | - | - |");
    }
}
