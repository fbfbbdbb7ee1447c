package io.dsml.core.train;

import ai.djl.nn.Block;
import ai.djl.training.Trainer;
import io.dsml.core.spi.LabeledImages;
import io.dsml.core.spi.MetricLoss;

/**
 * What listeners may see of a running cell.
 *
 * @param trainer DJL's trainer (model, parameters, devices)
 * @param embedder the embedding network
 * @param loss the loss, with its class state
 * @param trainingData the training split
 * @param extractor computes embeddings of a whole split with the current network
 */
public record TrainingContext(
        Trainer trainer, Block embedder, MetricLoss loss, LabeledImages trainingData, EmbeddingExtractor extractor) {}
