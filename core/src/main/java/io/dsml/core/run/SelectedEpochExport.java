package io.dsml.core.run;

import io.dsml.core.export.ModelDescription;
import io.dsml.core.export.ModelExport;
import io.dsml.core.train.EpochRecord;
import io.dsml.core.train.TrainingContext;
import io.dsml.core.train.TrainingListener;
import io.dsml.evaluation.EmbeddingSet;
import java.nio.file.Path;

/**
 * With {@code evaluation.select_split}: saves the model and the test embeddings of every epoch
 * that becomes the selected one ({@link ModelSelection#improves}), as soon as it is evaluated, so
 * that {@code model/}, {@code test_embeddings.npy} and everything built on them (embed, search,
 * the report's examples) are the epoch whose numbers the results table reports, not the last.
 * A resumed cell starts from the best validation value of the epochs its log kept, whose model is
 * already on disk.
 */
final class SelectedEpochExport implements TrainingListener {
    private final Path cellDir;
    private final ModelDescription description;
    private final String validationKey;
    private final String source;
    private Double best;
    private EmbeddingSet testEmbeddings;
    private float[] testLogits;
    private int classes;

    /**
     * @param metricsFile the cell's log, already cut to the epochs its checkpoint covers
     * @param source what the test embeddings are of, for their manifest
     */
    SelectedEpochExport(
            Path cellDir, ModelDescription description, String validationKey, Path metricsFile, String source) {
        this.cellDir = cellDir;
        this.description = description;
        this.validationKey = validationKey;
        this.source = source;
        this.best = ModelSelection.bestValue(metricsFile, validationKey).orElse(null);
    }

    @Override
    public void onTestEvaluated(
            TrainingContext context, int epoch, EmbeddingSet embeddings, float[] logits, int classes) {
        this.testEmbeddings = embeddings;
        this.testLogits = logits;
        this.classes = classes;
    }

    @Override
    public void onEpochEnd(TrainingContext context, EpochRecord record) {
        Double value = record.metrics().get(validationKey);
        if (value != null && testEmbeddings != null && ModelSelection.improves(value, best)) {
            best = value;
            ModelExport.save(
                    cellDir, description.at(record.epoch(), context.extractor().batchSize()), context);
            TestEmbeddingsFiles.write(cellDir, testEmbeddings, testLogits, classes, source);
        }
        testEmbeddings = null;
        testLogits = null;
    }
}
