package io.dsml.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The overhead figures pair each round's runs, so a slow stretch of the machine cancels. */
class TrainReportTest {
    private static final TrainBenchmark.Settings SETTINGS = new TrainBenchmark.Settings(
            "conv-2", "vmf", 128, 100, 10, "fashion-mnist-quickstart", null, List.of(), 3, 1, 1, 2, false, false);

    @Test
    void overheadIsTheMedianOfPerRoundRatiosAgainstEachBaseline() {
        TrainReport report = new TrainReport(
                SETTINGS,
                "data",
                "engine",
                List.of(
                        phase(1, TrainReport.DSML, 900),
                        phase(1, TrainReport.RAW_DIRECT, 1000),
                        phase(1, TrainReport.RAW, 800),
                        // a slow stretch of the machine: dsml 2% behind raw-direct
                        phase(2, TrainReport.RAW, 400),
                        phase(2, TrainReport.RAW_DIRECT, 500),
                        phase(2, TrainReport.DSML, 490),
                        phase(3, TrainReport.DSML, 1010),
                        phase(3, TrainReport.RAW_DIRECT, 1000),
                        phase(3, TrainReport.RAW, 1010)));

        assertThat(report.pairedOverheads(TrainReport.RAW_DIRECT)).hasSize(3);
        assertThat(report.pairedOverheads(TrainReport.RAW_DIRECT).get(0)).isCloseTo(0.10, offset(1e-12));
        assertThat(report.pairedOverheads(TrainReport.RAW_DIRECT).get(1)).isCloseTo(0.02, offset(1e-12));
        assertThat(report.pairedOverheads(TrainReport.RAW_DIRECT).get(2)).isCloseTo(-0.01, offset(1e-12));
        assertThat(report.overhead(TrainReport.RAW_DIRECT)).isCloseTo(0.02, offset(1e-12));
        assertThat(report.overheadQuantile(TrainReport.RAW_DIRECT, 0.25)).isCloseTo(0.005, offset(1e-12));
        assertThat(report.overheadQuantile(TrainReport.RAW_DIRECT, 0.75)).isCloseTo(0.06, offset(1e-12));
        // 1 - 900/800, 1 - 490/400, 1 - 1010/1010
        assertThat(report.overhead(TrainReport.RAW)).isCloseTo(-0.125, offset(1e-12));
        // Unpaired medians would compare 900 with 1000 here: a 10% "overhead" the rounds do not show.
        assertThat(1
                        - report.medianImagesPerSecond(TrainReport.DSML)
                                / report.medianImagesPerSecond(TrainReport.RAW_DIRECT))
                .isCloseTo(0.10, offset(1e-12));
    }

    @Test
    void reportsEveryRoundInTextAndJson() {
        TrainReport report = new TrainReport(
                SETTINGS,
                "data",
                "engine",
                List.of(
                        phase(1, TrainReport.DSML, 950),
                        phase(1, TrainReport.RAW, 1000),
                        phase(1, TrainReport.RAW_DIRECT, 950)));

        assertThat(report.toText())
                .contains("dsml overhead vs raw-djl: median 5.0%")
                .contains("dsml overhead vs raw-direct: median 0.0%")
                .contains("over 1 rounds (5.0)");
        assertThat(report.toJson())
                .contains("\"overhead\":0.0500")
                .contains("\"overhead_paired\":[0.0500]")
                .contains("\"overhead_direct\":0.0000")
                .contains("\"warmup_rounds\":1");
    }

    @Test
    void dsmlAloneReportsItsRateAndNoOverheadsAsValidJson() {
        TrainBenchmark.Settings alone = new TrainBenchmark.Settings(
                "conv-2", "vmf", 128, 100, 10, "fashion-mnist-quickstart", null, List.of(), 2, 0, 1, 2, false, true);
        TrainReport report = new TrainReport(
                alone, "data", "engine", List.of(phase(1, TrainReport.DSML, 900), phase(2, TrainReport.DSML, 1000)));

        assertThat(report.toText())
                .contains("median images/s: dsml 950.0, raw DJL -, raw DJL direct step -")
                .contains("--dsml-only")
                .doesNotContain("overhead vs")
                .doesNotContain("NaN");
        // NaN is not JSON: the paths that did not run are null, so every JSON reader takes the line.
        assertThat(report.toJson())
                .contains("\"dsml_only\":true")
                .contains("\"dsml_images_per_second\":950.00,\"raw_djl_images_per_second\":null,")
                .contains("\"overhead\":null,\"overhead_q1\":null,\"overhead_q3\":null,\"overhead_paired\":[]")
                .doesNotContain("NaN");
    }

    private static TrainBenchmark.Phase phase(int round, String path, double imagesPerSecond) {
        return new TrainBenchmark.Phase(round, path, 100, 100 * 128 / imagesPerSecond, imagesPerSecond, 500);
    }
}
