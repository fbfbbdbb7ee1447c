package io.dsml.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsml.core.error.DsmlException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code losses[i].normalize_embedding} and {@code evaluation.baseline} as YAML keys. */
class PerLossNormalizationTest {
    private static final String YAML = """
            name: study
            dataset: {name: fashion-mnist-quickstart}
            backbones: [{name: conv-1}]
            losses:
              - name: softmax
                normalize_embedding: false
              - name: softmax
              - name: softmax
                label: softmax-unnormalised
                normalize_embedding: false
            evaluation: {baseline: softmax-unnormalised}
            """;

    private static ExperimentConfig load(String yaml) {
        return new ConfigLoader()
                .load("s.yaml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), List.of());
    }

    @Test
    void aLossCanTurnTheModelsNormalisationOffAndIsLabelledSo() {
        ExperimentConfig config = load(YAML);
        assertThat(config.embedding().normalize()).isTrue();
        assertThat(config.losses().get(0).normalizesEmbedding(true)).isFalse();
        assertThat(config.losses().get(0).displayName()).isEqualTo("softmax[unnormalised embedding]");
        assertThat(config.losses().get(1).normalizesEmbedding(true)).isTrue();
        assertThat(config.losses().get(1).displayName()).isEqualTo("softmax");
        assertThat(config.losses().get(2).displayName()).isEqualTo("softmax-unnormalised");
        assertThat(config.evaluation().baseline()).isEqualTo("softmax-unnormalised");
        // the resolved config written to a run directory reads back the same
        String written = new ConfigLoader().toYaml(config);
        assertThat(load(written).losses()).isEqualTo(config.losses());
    }

    @Test
    void backbonesCannotOverrideIt() {
        assertThatThrownBy(() -> load(YAML.replace(
                        "backbones: [{name: conv-1}]", "backbones: [{name: conv-1, normalize_embedding: false}]")))
                .isInstanceOf(DsmlException.class)
                .hasMessage("s.yaml: backbones[0].normalize_embedding: only a loss can override embedding.normalize");
    }
}
