package io.dsml.core.assemble;

import ai.djl.nn.Block;
import com.google.inject.Inject;
import io.dsml.core.config.CellPlan;
import io.dsml.core.config.ConfigFingerprint;
import io.dsml.core.config.EmbeddingConfig;
import io.dsml.core.config.ExperimentConfig;
import io.dsml.core.inject.Registries;
import io.dsml.core.model.EmbeddingModel;
import io.dsml.core.params.Params;
import io.dsml.core.spi.BackboneFactory;
import io.dsml.core.spi.BatchSampler;
import io.dsml.core.spi.DatasetSplits;
import io.dsml.core.spi.ImageShape;
import io.dsml.core.spi.LabeledImages;
import io.dsml.core.spi.LossFactory;
import io.dsml.core.spi.MetricLoss;
import io.dsml.core.train.Cell;
import io.dsml.core.train.TrainingListener;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns a planned cell's components into its parts, looked up by name in the {@link Registries}:
 * the embedding network, the loss and the batch sampler, and from them the {@link Cell} the
 * trainer runs. Nothing allocates arrays until training (or loading a model) initialises them.
 */
public final class CellAssembler {
    private final Registries registries;

    @Inject
    public CellAssembler(Registries registries) {
        this.registries = registries;
    }

    /** A cell's freshly built network, loss and sampler. */
    public record Parts(Block embedder, MetricLoss loss, BatchSampler sampler) {}

    /** Builds the parts of cell {@code plan} of {@code config} for {@code data}. */
    public Parts parts(ExperimentConfig config, DatasetSplits data, CellPlan plan) {
        // in the order the checks have always run, so that the first problem reported stays the same
        BackboneFactory backbone = registries.backbones().get(plan.backbone().name(), "backbone");
        LossFactory lossFactory = lossFactory(plan);
        Block embedder = network(
                backbone,
                plan.backboneParams(),
                data.train().shape(),
                config.embedding(),
                plan.loss().normalizesEmbedding(config.embedding().normalize()));
        MetricLoss loss = loss(
                lossFactory,
                plan.lossParams(),
                data.train().classes(),
                config.embedding().dim());
        BatchSampler sampler = registries
                .samplers()
                .get(config.training().sampler(), "training.sampler")
                .create(
                        data.train().labels(),
                        config.training().batchSize(),
                        config.training().samplesPerClass());
        return new Parts(embedder, loss, sampler);
    }

    /** Builds the loss of cell {@code plan} alone (to ask what it can do, before training). */
    public MetricLoss loss(ExperimentConfig config, DatasetSplits data, CellPlan plan) {
        return loss(
                lossFactory(plan),
                plan.lossParams(),
                data.train().classes(),
                config.embedding().dim());
    }

    private LossFactory lossFactory(CellPlan plan) {
        return registries.losses().get(plan.loss().name(), "loss");
    }

    /**
     * Builds cell {@code plan} ready to train, as every run does.
     *
     * @param validation the held-out images that choose the epoch, or {@code null}
     * @param listeners listeners besides the class-state refresh, which the trainer adds itself
     * @param checkpoint the cell's checkpoint file, or {@code null} for none
     */
    public Cell cell(
            ExperimentConfig config,
            DatasetSplits data,
            LabeledImages validation,
            CellPlan plan,
            List<TrainingListener> listeners,
            Path checkpoint) {
        Parts parts = parts(config, data, plan);
        return new Cell(
                parts.embedder(),
                parts.loss(),
                data,
                parts.sampler(),
                config.training(),
                config.evaluation(),
                data.sharedClasses(),
                plan.seed(),
                listeners,
                checkpoint,
                validation,
                ConfigFingerprint.of(config),
                plan.id());
    }

    /**
     * The embedding network: {@code backbone} for images of {@code input}, with the head that
     * {@code embedding} describes.
     *
     * @param normalize whether the head L2-normalises (the loss may override the experiment's choice)
     */
    public static Block network(
            BackboneFactory backbone, Params params, ImageShape input, EmbeddingConfig embedding, boolean normalize) {
        return EmbeddingModel.builder()
                .backbone(backbone.create(params, input))
                .embeddingDim(embedding.dim())
                .batchNorm(embedding.batchNorm())
                .normalize(normalize)
                .pooling(embedding.poolingMode())
                .build();
    }

    /** The loss for {@code classes} training classes and embeddings of {@code dim}. */
    public static MetricLoss loss(LossFactory factory, Params params, int classes, int dim) {
        return factory.create(params, new LossFactory.LossShape(classes, dim));
    }
}
