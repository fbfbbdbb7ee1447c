package io.dsml.app.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsml.core.run.CellResult;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;

class RunPlotsTest {
    @Test
    void everyLossOfTheCatalogGetsItsOwnColourInTheRecallChart() {
        Map<String, List<CellResult>> rows = new LinkedHashMap<>();
        int losses = 13;
        for (int i = 0; i < losses; i++) {
            String loss = "loss-" + i;
            double recall = 0.7 + 0.02 * i;
            rows.put(
                    "conv-2 / " + loss,
                    List.of(new CellResult(
                            "conv-2__" + loss + "__seed1",
                            "d",
                            "conv-2",
                            loss,
                            1,
                            CellResult.OK,
                            "",
                            1,
                            1.0,
                            Map.of("recall@1", recall, "recall@2", recall + 0.01))));
        }
        CategoryChart chart = RunPlots.recallChart(rows);

        BufferedImage image = BitmapEncoder.getBufferedImage(chart);
        Set<Integer> drawn = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                drawn.add(image.getRGB(x, y) & 0xffffff);
            }
        }
        // Bars and legend are drawn with the palette's colours (XChart's default 12 would repeat the
        // first colour for the 13th loss, and none of them is in this palette).
        long paletteColoursDrawn = Arrays.stream(RunPlots.SERIES_COLORS)
                .limit(losses)
                .map(c -> c.getRGB() & 0xffffff)
                .filter(drawn::contains)
                .count();
        assertThat(paletteColoursDrawn).isEqualTo(losses);
        assertThat(Arrays.stream(RunPlots.SERIES_COLORS)
                        .map(Color::getRGB)
                        .distinct()
                        .count())
                .isEqualTo(RunPlots.SERIES_COLORS.length);
    }

    private static CellResult cell(String backbone, long seed, Map<String, Double> metrics) {
        return new CellResult("c" + seed, "d", backbone, "vmf", seed, CellResult.OK, "", 3, 1.0, metrics);
    }

    /**
     * Curves: the selected epoch is marked on each row's line, ticks have at most 4 decimals (a
     * flat curve read 0.966666666666667), and a backbone's weights path is cut to its file name.
     */
    @Test
    void curvesMarkTheSelectedEpochWithReadableTicksAndShortLegends() {
        String longBackbone = "resnet50(freeze_bn=true,weights=/tmp/some/deep/folder/resnet50-0676ba61.pth)";
        String row = longBackbone + " / vmf";
        Map<String, List<CellResult>> rows =
                Map.of(row, List.of(cell(longBackbone, 1, Map.of("recall@1", 0.9666, "selected_epoch", 2.0))));
        java.util.TreeMap<Integer, List<Double>> byEpoch = new java.util.TreeMap<>(
                Map.of(1, List.of(0.966666666666667), 2, List.of(0.966666666666667), 3, List.of(0.966666666666667)));
        org.knowm.xchart.XYChart chart =
                RunPlots.curveChart("recall@1", Map.of("recall@1", Map.of(row, byEpoch)), rows);

        assertThat(chart.getSeriesMap())
                .containsOnlyKeys("resnet50(freeze_bn=true,weights=resnet50-0676ba\u2026", RunPlots.SELECTED);
        var marks = chart.getSeriesMap().get(RunPlots.SELECTED);
        assertThat(marks.getXData()).containsExactly(2.0);
        assertThat(marks.getYData()).containsExactly(0.966666666666667);
        assertThat(new java.text.DecimalFormat(chart.getStyler().getYAxisDecimalPattern()).format(0.966666666666667))
                .isEqualTo("0.9667");
        BitmapEncoder.getBufferedImage(chart); // renders
    }

    @Test
    void legendLabelsStayDistinct() {
        Set<String> used = new HashSet<>();
        assertThat(RunPlots.legendLabel("a(weights=/x/w.pth) / vmf", used)).isEqualTo("a(weights=w.pth) / vmf");
        assertThat(RunPlots.legendLabel("a(weights=/y/w.pth) / vmf", used)).isEqualTo("a(weights=w.pth) / vmf (2)");
        assertThat(RunPlots.legendLabel("conv-2 / softmax", used)).isEqualTo("conv-2 / softmax");
    }
}
