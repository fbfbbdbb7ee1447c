package io.dsml.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the results files say beyond the numbers: labels that hold table syntax stay one cell,
 * {@code selected_epoch} is an epoch (not a percentage, never compared with the baseline), and
 * one seed has no standard deviation.
 */
class ResultsTableTextTest {
    private static CellResult cell(String backbone, String loss, long seed, Map<String, Double> metrics) {
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
                metrics);
    }

    @Test
    void labelsWithBarsCommasQuotesAndLineBreaksStayOneCell() throws Exception {
        String backbone = "conv-2 | wide, \"big\"";
        String loss = "vmf\nsecond line"; // refused in new configs; an old result may hold it
        ResultsTable table = ResultsTable.of(List.of(
                cell(backbone, loss, 1, Map.of("recall@1", 0.5)),
                cell("conv-2", "softmax", 1, Map.of("recall@1", 0.4))));

        List<String> rows =
                table.markdown().lines().filter(l -> l.startsWith("|")).toList();
        assertThat(rows).hasSize(4); // header, separator, two rows: no row broken by the line break
        assertThat(rows.get(2))
                .startsWith("| fmnist/classification | conv-2 \\| wide, \"big\" | vmf second line | 1 |");
        assertThat(rows.get(2).split("(?<!\\\\)\\|", -1))
                .hasSameSizeAs(rows.get(0).split("\\|", -1));

        List<List<String>> csv = parseCsv(table.csv());
        assertThat(csv).hasSize(3);
        assertThat(csv.get(1).subList(0, 3)).containsExactly("fmnist/classification", backbone, loss);
        assertThat(csv.get(1)).hasSameSizeAs(csv.get(0));
        assertThat(csv.get(2)).hasSameSizeAs(csv.get(0));
    }

    @Test
    void theSelectedEpochIsAnIntegerAndHasNoDeltaColumn() throws Exception {
        List<CellResult> cells = new ArrayList<>();
        for (long seed = 1; seed <= 2; seed++) {
            for (String loss : List.of("vmf", "softmax")) {
                Map<String, Double> metrics = new LinkedHashMap<>();
                metrics.put("recall@1", 0.5 + seed / 100.0 + (loss.equals("vmf") ? 0.05 : 0));
                metrics.put(ModelSelection.SELECTED_EPOCH, (double) seed);
                cells.add(cell("conv-2", loss, seed, metrics));
            }
        }
        ResultsTable compared = ResultsTable.of(cells, "softmax");
        String header = compared.markdown().lines().findFirst().orElseThrow();
        assertThat(header).contains("Δ recall@1 [95% CI]").doesNotContain("Δ selected_epoch");
        assertThat(compared.markdown()).doesNotContain("150.00").doesNotContain("100.00");
        assertThat(compared.csv().lines().findFirst().orElseThrow())
                .contains("recall@1_diff")
                .doesNotContain("selected_epoch_diff");
        JsonNode json = new ObjectMapper().readTree(compared.json());
        assertThat(json.get(0).get("metrics").get("selected_epoch").has("vs_baseline"))
                .isFalse();
        assertThat(json.get(0).get("metrics").get("recall@1").has("vs_baseline"))
                .isTrue();

        ResultsTable oneSeed = ResultsTable.of(cells.subList(0, 2));
        assertThat(oneSeed.markdown()).contains("| conv-2 | vmf | 1 | 56.00 | 1 |");
    }

    @Test
    void oneSeedHasNoStandardDeviation() throws Exception {
        ResultsTable table = ResultsTable.of(List.of(cell("conv-2", "vmf", 1, Map.of("recall@1", 0.5))));
        JsonNode row = new ObjectMapper().readTree(table.json()).get(0);
        assertThat(row.get("metrics").get("recall@1").get("std").isNull()).isTrue();
        assertThat(row.get("train_seconds").get("std").isNull()).isTrue();
        List<List<String>> csv = parseCsv(table.csv());
        int std = csv.get(0).indexOf("recall@1_std");
        assertThat(csv.get(1).get(std)).as("n/a: empty").isEmpty();
        assertThat(table.markdown()).doesNotContain("±");
    }

    /** RFC 4180: fields separated by commas, quoted fields may hold commas, quotes ("") and line breaks. */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\n') {
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        return records;
    }
}
