package io.dsml.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsml.core.error.DsmlException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelSelectionTest {
    @Test
    void choosesTheBestValidationEpochNeverTheBestTestEpoch(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("metrics.jsonl");
        Files.writeString(log, """
                {"epoch":1,"loss":2.0,"recall@1":0.50,"val_recall@1":0.40}
                {"epoch":2,"loss":1.5,"recall@1":0.55,"val_recall@1":0.70}
                {"epoch":3,"loss":1.2,"recall@1":0.90,"val_recall@1":0.60}
                {"epoch":4,"loss":1.0,"recall@1":0.60,"val_recall@1":0.70}
                """);
        Map<String, Double> result = ModelSelection.select(log, "val_recall@1", Map.of("recall@1", 0.60));

        // epoch 3 is best on test, but the choice is made on validation: epochs 2 and 4 tie, the earlier wins
        assertThat(result)
                .containsEntry("recall@1", 0.55)
                .containsEntry("selected_epoch", 2.0)
                .containsEntry("val_recall@1", 0.70)
                .containsEntry("last_recall@1", 0.60);
    }

    @Test
    void epochsWithoutAValidationValueAreNotCandidates(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("metrics.jsonl");
        Files.writeString(log, "{\"epoch\":1,\"loss\":2.0,\"recall@1\":0.5}\n");
        assertThatThrownBy(() -> ModelSelection.select(log, "val_recall@1", Map.of("recall@1", 0.5)))
                .isInstanceOf(DsmlException.class)
                .hasMessageContaining("no epoch has the validation metric val_recall@1");
    }
}
