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
                .contains("fmnist/classification,conv-2,softmax,2,1,0.7,0.0,10.0,0.0");
        assertThat(table.json()).contains("\"status\" : \"diverged\"");
    }
}
