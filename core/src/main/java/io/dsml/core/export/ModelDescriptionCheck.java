package io.dsml.core.export;

import io.dsml.core.error.DsmlException;
import io.dsml.core.spi.ImageShape;
import io.dsml.core.spi.TestTimePipeline;
import java.nio.file.Path;

/**
 * Checks a bound {@code model.json} field by field before anything is built from it, so that an
 * edited or damaged description is one line naming the field, never an engine failure or an
 * allocation of absurd size later. The bounds are far beyond any model dsml trains.
 */
final class ModelDescriptionCheck {
    /** Larger images than this (per side) are not a model's input but a damaged file. */
    static final int MAX_SIDE = 8192;
    /** Larger embedding dimensions, class counts and batches than these are refused likewise. */
    static final int MAX_DIM = 1 << 16;

    static final int MAX_CLASSES = 10_000_000;
    static final int MAX_BATCH = 1 << 16;

    private final Path file;

    private ModelDescriptionCheck(Path file) {
        this.file = file;
    }

    /** @throws DsmlException naming {@code file} and the first field that is absent or out of range */
    static void validate(Path file, ModelDescription d) {
        new ModelDescriptionCheck(file).check(d);
    }

    private void check(ModelDescription d) {
        require(d.cellId() != null && !d.cellId().isBlank(), "cell_id", "missing");
        component("backbone", d.backbone());
        component("loss", d.loss());
        require(d.embedding() != null, "embedding", "missing");
        range("embedding.dim", d.embedding().dim(), 1, MAX_DIM);
        range("classes", d.classes(), 1, MAX_CLASSES);
        range("inference_batch", d.inferenceBatch(), 1, MAX_BATCH);
        require(
                d.parameters() != null
                        && d.parameters().matches("[A-Za-z0-9_.-]+")
                        && !d.parameters().startsWith("."),
                "parameters",
                "must be a file name inside the model directory, e.g. " + ModelExport.PARAMETERS);
        if (d.epoch() != null) {
            range("epoch", d.epoch(), 1, Integer.MAX_VALUE);
        }
        if (d.pipeline() != null) {
            pipeline(d.pipeline());
        }
        if (d.classNames() != null) {
            require(
                    d.classNames().size() == d.classes(),
                    "class_names",
                    d.classNames().size() + " names for " + d.classes() + " classes");
        }
    }

    private void component(String field, ModelDescription.Component component) {
        require(component != null, field, "missing");
        require(component.name() != null && !component.name().isBlank(), field + ".name", "missing");
    }

    private void pipeline(TestTimePipeline p) {
        ImageShape shape = p.shape();
        range("pipeline.shape.height", shape.height(), 1, MAX_SIDE);
        range("pipeline.shape.width", shape.width(), 1, MAX_SIDE);
        if (p.resize() != 0) {
            range("pipeline.resize", p.resize(), Math.max(shape.height(), shape.width()), 2 * MAX_SIDE);
        }
        float[] mean = p.mean();
        float[] std = p.std();
        for (int c = 0; c < mean.length; c++) {
            require(Float.isFinite(mean[c]), "pipeline.mean[" + c + "]", "must be a finite number, got " + mean[c]);
            require(
                    Float.isFinite(std[c]) && std[c] > 0,
                    "pipeline.std[" + c + "]",
                    "must be a positive finite number (images are divided by it), got " + std[c]);
        }
    }

    private void range(String field, long value, long min, long max) {
        require(value >= min && value <= max, field, "must be between " + min + " and " + max + ", got " + value);
    }

    private void require(boolean ok, String field, String problem) {
        if (!ok) {
            throw new DsmlException(file + ": " + field + ": " + problem);
        }
    }
}
