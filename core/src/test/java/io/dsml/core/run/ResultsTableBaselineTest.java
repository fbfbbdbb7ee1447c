package io.dsml.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsml.core.error.DsmlException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultsTableBaselineTest {
    private static final double[] VMF = {0.9012, 0.9050, 0.8987, 0.9031, 0.9044};
    private static final double[] SOFTMAX = {0.8990, 0.9021, 0.8975, 0.9040, 0.9002};

    private static CellResult cell(String backbone, String loss, long seed, double accuracy) {
        return new CellResult(
                backbone + loss + seed,
                "fmnist/classification",
                backbone,
                loss,
                seed,
                CellResult.OK,
                "",
                3,
                10,
                Map.of("accuracy", accuracy));
    }

    private static List<CellResult> cells(String loss, double[] values, long firstSeed) {
        List<CellResult> cells = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            cells.add(cell("conv-2", loss, firstSeed + i, values[i]));
        }
        return cells;
    }

    @Test
    void sameSeedsArePairedAndMatchScipyTtestRel() throws Exception {
        List<CellResult> cells = new ArrayList<>(cells("vmf", VMF, 1));
        cells.addAll(cells("softmax", SOFTMAX, 1));
        ResultsTable table = ResultsTable.of(cells, "softmax");
        // ttest_rel(VMF, SOFTMAX): mean difference 0.00192, CI (-0.000461, 0.004301), p = 0.08873
        assertThat(table.markdown())
                .contains("| test vs softmax | Δ accuracy [95% CI] |")
                .contains("| paired t | +0.19 [-0.05, +0.43] p=0.089 |")
                .contains("| baseline | (baseline) |");
        JsonNode delta = new ObjectMapper().readTree(table.json()).get(0).at("/metrics/accuracy/vs_baseline");
        assertThat(delta.get("test").asText()).isEqualTo("paired");
        assertThat(delta.get("p").asDouble()).isCloseTo(0.08872773341830842, within(1e-9));
        assertThat(delta.get("ci_low").asDouble()).isCloseTo(-0.0004609534464723804, within(1e-9));
        assertThat(table.csv())
                .contains("accuracy_diff,accuracy_ci_low,accuracy_ci_high,accuracy_p,accuracy_test")
                .contains(",softmax,0.00192")
                .contains(",paired\n");
    }

    @Test
    void differentSeedsUseWelchAndMatchScipyTtestInd() {
        List<CellResult> cells = new ArrayList<>(cells("vmf", VMF, 1));
        cells.addAll(cells("softmax", SOFTMAX, 11));
        // ttest_ind(VMF, SOFTMAX, equal_var=False): CI (-0.001815, 0.005655), p = 0.2699
        assertThat(ResultsTable.of(cells, "softmax").markdown()).contains("| Welch t | +0.19 [-0.18, +0.57] p=0.270 |");
    }

    @Test
    void oneSeedSaysNotAvailableNeverANumber() {
        List<CellResult> cells = new ArrayList<>(cells("vmf", new double[] {0.91}, 1));
        cells.addAll(cells("softmax", SOFTMAX, 1));
        String md = ResultsTable.of(cells, "softmax").markdown();
        assertThat(md).contains("| n/a (< 2 seeds) | n/a |");
    }

    @Test
    void comparesWithinTheSameBackboneOnly() {
        List<CellResult> cells = new ArrayList<>(cells("vmf", VMF, 1));
        cells.addAll(cells("softmax", SOFTMAX, 1));
        cells.add(cell("conv-3", "vmf", 1, 0.9));
        cells.add(cell("conv-3", "vmf", 2, 0.92));
        assertThat(ResultsTable.of(cells, "softmax").markdown())
                .contains(
                        "| conv-3 | vmf | 2 | 91.00 ± 1.41 | 10.0 ± 0.0 | n/a (no baseline on this backbone) | n/a |");
    }

    @Test
    void aLossNameSelectsItsOnlyLabelAndAmbiguityIsAnError() {
        List<CellResult> cells = new ArrayList<>(cells("vmf", VMF, 1));
        cells.addAll(cells("softmax(lr=0.1)", SOFTMAX, 1));
        assertThat(ResultsTable.of(cells, "softmax").baseline()).contains("softmax(lr=0.1)");
        cells.addAll(cells("softmax(lr=0.2)", SOFTMAX, 1));
        assertThatThrownBy(() -> ResultsTable.of(cells, "softmax"))
                .isInstanceOf(DsmlException.class)
                .hasMessageContaining("ambiguous")
                .hasMessageContaining("softmax(lr=0.1), softmax(lr=0.2)");
        assertThatThrownBy(() -> ResultsTable.of(cells, "triplet"))
                .isInstanceOf(DsmlException.class)
                .hasMessageContaining("names no cell group");
    }

    @Test
    void nllIsNotShownInPercent() {
        List<CellResult> cells = new ArrayList<>();
        for (long seed = 1; seed <= 2; seed++) {
            cells.add(new CellResult(
                    "c" + seed,
                    "d",
                    "conv-1",
                    "vmf",
                    seed,
                    CellResult.OK,
                    "",
                    1,
                    1,
                    Map.of("nll", 0.34 + 0.02 * seed)));
        }
        // 0.36 and 0.38: mean 0.37, sample std 0.02 / sqrt 2 = 0.01414
        assertThat(ResultsTable.of(cells).markdown()).contains("| 0.370 ± 0.014 |");
    }

    @Test
    void withoutBaselineTheTableIsUnchanged() {
        List<CellResult> cells = cells("vmf", VMF, 1);
        assertThat(ResultsTable.of(cells, null).csv())
                .isEqualTo(ResultsTable.of(cells).csv());
        assertThat(ResultsTable.of(cells, null).markdown()).doesNotContain("Δ");
    }
}
