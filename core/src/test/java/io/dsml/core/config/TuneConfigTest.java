package io.dsml.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsml.core.error.DsmlException;
import io.dsml.core.tune.Parameter;
import io.dsml.core.tune.Scale;
import io.dsml.core.tune.SearchSpec;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tune: section as YAML gives it, turned into each loss's search, and its refusals. */
class TuneConfigTest {
    private static ExperimentConfig load(String tune) {
        String yaml = """
                name: t
                dataset: {name: fashion-mnist-quickstart, split: retrieval}
                backbones: [{name: conv-2}]
                losses: [{name: vmf}, {name: contrastive, label: pairs}]
                tune:
                """ + tune.indent(2);
        return new ConfigLoader()
                .load("t.yaml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), List.of());
    }

    @Test
    void aLossSearchesTheSharedParametersThenItsOwn() {
        TuneConfig tune = load("""
                        method: random
                        trials: 6
                        wall_time: 90m
                        space:
                          all:
                            training.learning_rate: {low: 0.0001, high: 0.01, scale: log}
                          vmf:
                            params.kappa: {low: 4, high: 64, scale: log, type: int}
                          pairs:
                            embedding.dim: {choices: [32, 64]}
                        """).tune();
        SearchSpec vmf = tune.spec("vmf", "vmf");
        assertThat(vmf.space().names()).containsExactly("training.learning_rate", "params.kappa");
        assertThat(vmf.space().parameters().get(1)).isEqualTo(new Parameter.IntRange("params.kappa", 4, 64, Scale.LOG));
        assertThat(vmf.trials()).isEqualTo(6);
        assertThat(vmf.wallTime()).isEqualTo(Duration.ofMinutes(90));
        SearchSpec pairs = tune.spec("pairs", "contrastive");
        assertThat(pairs.space().names()).containsExactly("training.learning_rate", "embedding.dim");
        assertThat(pairs.space().parameters().get(1)).isEqualTo(new Parameter.Choice("embedding.dim", List.of(32, 64)));
        // the loss's name also keys its space when it has no label
        assertThat(load("space: {contrastive: {params.neg_margin: {low: 0.1, high: 1}}}")
                        .tune()
                        .spec("pairs", "contrastive")
                        .space()
                        .names())
                .containsExactly("params.neg_margin");
    }

    @Test
    void badSettingsAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> load("method: grid"))
                .isInstanceOf(DsmlException.class)
                .hasMessageContaining("tune.method");
        assertThatThrownBy(() -> load("wall_time: soon"))
                .hasMessageContaining("tune.wall_time")
                .hasMessageContaining("90m");
        assertThatThrownBy(() -> load("trials: 0")).hasMessageContaining("tune.trials");
        TuneConfig both = load("space: {vmf: {params.kappa: {low: 1, high: 2, choices: [1, 2]}}}")
                .tune();
        assertThatThrownBy(() -> both.spec("vmf", "vmf")).hasMessageContaining("params.kappa: give either choices");
        TuneConfig scale = load("space: {vmf: {params.kappa: {low: 1, high: 2, scale: cubic}}}")
                .tune();
        assertThatThrownBy(() -> scale.spec("vmf", "vmf")).hasMessageContaining("params.kappa.scale");
        TuneConfig none =
                load("space: {vmf: {params.kappa: {low: 1, high: 2}}}").tune();
        assertThatThrownBy(() -> none.spec("pairs", "contrastive"))
                .hasMessageContaining("nothing to search for the loss 'pairs'");
        assertThatThrownBy(() -> load("space: {vmf: {params.kappa: {low: 1, hihg: 2}}}"))
                .hasMessageContaining("hihg");
    }
}
