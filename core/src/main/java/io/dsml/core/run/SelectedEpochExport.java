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
 * already on disk. If it is not (a run started by a dsml that saved the model only at the end),
 * the last epoch's model is saved when training ends, labelled with its epoch in {@code
 * model.json}, and a warning says that it is not the selected one.
 */
final class SelectedEpochExport implements TrainingListener {
    private final Path cellDir;
    private final ModelDescription description;
    private final String validationKey;
    private final String source;
    private final java.util.function.Consumer<String> warnings;
    private Double best;
    private Integer bestEpoch;
    private EmbeddingSet testEmbeddings;
    private float[] testLogits;
    private int classes;
    /** The last epoch trained in this session, 0 before any. */
    private int lastEpoch;

    /**
     * @param metricsFile the cell's log, already cut to the epochs its checkpoint covers
     * @param source what the test embeddings are of, for their manifest
     * @param warnings where the warning about an unsaved selected epoch goes
     */
    SelectedEpochExport(
            Path cellDir,
            ModelDescription description,
            String validationKey,
            Path metricsFile,
            String source,
            java.util.function.Consumer<String> warnings) {
        this.cellDir = cellDir;
        this.warnings = warnings;
        this.description = description;
        this.validationKey = validationKey;
        this.source = source;
        java.util.Optional<ModelSelection.Best> kept = ModelSelection.bestEpoch(metricsFile, validationKey);
        this.best = kept.map(ModelSelection.Best::value).orElse(null);
        this.bestEpoch = kept.map(ModelSelection.Best::epoch).orElse(null);
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
        // a validation value means the epoch was evaluated, and so were the test embeddings,
        // unless the run does not measure the test split (evaluation.measure_test: false)
        if (value != null && ModelSelection.improves(value, best)) {
            best = value;
            bestEpoch = record.epoch();
            ModelExport.save(
                    cellDir, description.at(record.epoch(), context.extractor().batchSize()), context);
            if (testEmbeddings != null) {
                TestEmbeddingsFiles.write(cellDir, testEmbeddings, testLogits, classes, source);
            }
        }
        lastEpoch = record.epoch();
    }

    @Override
    public void onTrainingEnd(TrainingContext context) {
        if (bestEpoch == null || bestEpoch.equals(savedEpoch()) || lastEpoch == 0) {
            return;
        }
        ModelExport.save(cellDir, description.at(lastEpoch, context.extractor().batchSize()), context);
        if (testEmbeddings != null) {
            TestEmbeddingsFiles.write(cellDir, testEmbeddings, testLogits, classes, source);
        }
        warnings.accept(cellDir.getFileName() + ": the selected epoch " + bestEpoch
                + " was not saved (the run was started by an older dsml); model/ and the test embeddings hold"
                + " epoch " + lastEpoch + ", as their model.json and manifest say");
    }

    /** The epoch of the model in {@code cellDir/model/}, or {@code null} when there is none readable. */
    private Integer savedEpoch() {
        try {
            return ModelExport.read(CellFiles.in(cellDir).model()).epoch();
        } catch (io.dsml.core.error.DsmlException e) {
            return null;
        }
    }
}
