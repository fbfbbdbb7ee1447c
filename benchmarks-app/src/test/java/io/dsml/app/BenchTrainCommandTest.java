package io.dsml.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code dsml bench train} end to end on the bundled data, a few steps: wiring, not speed. */
@Tag("slow")
class BenchTrainCommandTest {
    @Test
    void timesEveryPathAndReportsBothOverheadsAsJson() {
        CliRun run = CliRun.of(
                "bench", "train", "--steps", "3", "--warmup", "1", "--rounds", "2", "--warmup-rounds", "0", "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        String json = run.out().strip();
        for (String path : new String[] {"dsml", "raw-djl", "raw-direct"}) {
            assertThat(json.split("\"path\":\"" + path + "\"", -1))
                    .as(path + " runs once per round")
                    .hasSize(3);
        }
        assertThat(json)
                .contains("\"steps\":3,")
                .contains("\"overhead_paired\":[")
                .contains("\"overhead_direct_paired\":[")
                .contains("\"interleaved\":false");
    }

    @Test
    void dsmlOnlyTimesDsmlsPathAloneInEveryRound() {
        CliRun run = CliRun.of(
                "bench",
                "train",
                "--steps",
                "2",
                "--warmup",
                "1",
                "--rounds",
                "2",
                "--warmup-rounds",
                "0",
                "--dsml-only",
                "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        String json = run.out().strip();
        assertThat(json.split("\"path\":\"dsml\"", -1))
                .as("dsml runs once per round")
                .hasSize(3);
        assertThat(json)
                .doesNotContain("\"path\":\"raw-")
                .contains("\"dsml_only\":true")
                .contains("\"raw_djl_images_per_second\":null")
                .containsPattern("\"dsml_images_per_second\":[0-9]+\\.[0-9]{2},");
    }

    @Test
    void dsmlOnlyCannotBeInterleaved() {
        CliRun run = CliRun.of("bench", "train", "--steps", "3", "--interleaved", "--dsml-only");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).startsWith("dsml: --interleaved and --dsml-only exclude each other");
    }

    @Test
    void interleavingNeedsASynchronousEngine() {
        // The check only fires under MXNet's asynchronous engines (its default outside ./dsml).
        assumeTrue("MXNet".equals(ai.djl.engine.Engine.getDefaultEngineName()));
        assumeFalse("NaiveEngine".equals(System.getenv("MXNET_ENGINE_TYPE")));
        CliRun run = CliRun.of("bench", "train", "--steps", "3", "--interleaved");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip())
                .isEqualTo("dsml: --interleaved needs operators that run synchronously: set"
                        + " MXNET_ENGINE_TYPE=NaiveEngine (./dsml does so without a GPU)");
    }

    @Test
    void rejectsNonsenseCounts() {
        CliRun run = CliRun.of("bench", "train", "--steps", "0");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("need --batch >= 2, --steps >= 1").doesNotContain("\tat ");
    }
}
