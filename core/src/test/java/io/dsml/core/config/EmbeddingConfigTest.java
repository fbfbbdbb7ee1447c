package io.dsml.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsml.core.error.DsmlException;
import io.dsml.core.model.GlobalPooling;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmbeddingConfigTest {
    private static final String BASE =
            "name: t\ndataset: {name: d}\nbackbones: [{name: resnet18}]\nlosses: [{name: vmf}]\n";

    private static ExperimentConfig load(String yaml) {
        return new ConfigLoader()
                .load("t.yaml", new ByteArrayInputStream((BASE + yaml).getBytes(StandardCharsets.UTF_8)), List.of());
    }

    @Test
    void poolingIsOptionalAndParsed() {
        assertThat(load("").embedding().poolingMode()).isNull();
        ExperimentConfig config = load("embedding: {dim: 512, pooling: avg+max}\n");
        assertThat(config.embedding().poolingMode()).isEqualTo(GlobalPooling.Mode.AVG_PLUS_MAX);
        assertThat(new ConfigLoader().toYaml(config))
                .contains("pooling: \"avg+max\"")
                .doesNotContain("pooling_mode");
    }

    @Test
    void unknownPoolingIsAConfigError() {
        assertThatThrownBy(() -> load("embedding: {pooling: gem}\n"))
                .isInstanceOf(DsmlException.class)
                .hasMessageContaining("embedding")
                .hasMessageContaining("'gem' is not one of avg, max, avg+max, concat");
    }
}
