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
}
