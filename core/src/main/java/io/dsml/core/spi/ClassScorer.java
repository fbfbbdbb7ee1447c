package io.dsml.core.spi;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;

/**
 * Classifies embeddings with a loss's class state: logits of a softmax classifier, cosines to
 * the vMF mean directions. The predicted class is the argmax of each row.
 */
@FunctionalInterface
public interface ClassScorer {
    /**
     * @param parameterStore where to read the class state for the embeddings' device
     * @param embeddings float32 [n, d] as the model emits them
     * @return float32 [n, classes]
     */
    NDArray scores(ParameterStore parameterStore, NDArray embeddings);
}
