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
                {"epoch":5,"loss":0.9,"recall@1":0.65,"val_recall@1":0.65}
                """);
        Map<String, Double> result = ModelSelection.select(log, "val_recall@1", Map.of("recall@1", 0.65));

        // epoch 3 is best on test, but the choice is made on validation: epochs 2 and 4 tie, the later wins
        assertThat(result)
                .containsEntry("recall@1", 0.60)
                .containsEntry("selected_epoch", 4.0)
                .containsEntry("val_recall@1", 0.70)
                .containsEntry("last_recall@1", 0.65);
    }

    @Test
    void aHeadOnlyWarmUpEpochDoesNotWinATieByBeingFirst(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("metrics.jsonl");
        // epoch 1 trains only the head: the frozen backbone often gives the same validation recall
        Files.writeString(log, """
                {"epoch":1,"recall@1":0.80,"val_recall@1":0.50}
                {"epoch":2,"recall@1":0.85,"val_recall@1":0.50}
                {"epoch":3,"recall@1":0.70,"val_recall@1":"NaN"}
                """);
        assertThat(ModelSelection.select(log, "val_recall@1", Map.of("recall@1", 0.70)))
                .containsEntry("selected_epoch", 2.0);
        assertThat(ModelSelection.bestValue(log, "val_recall@1")).contains(0.50);
        assertThat(ModelSelection.improves(0.5, 0.5)).isTrue();
        assertThat(ModelSelection.improves(Double.NaN, null)).isFalse();
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
