package io.dsml.losses.proxy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import io.dsml.core.model.Rows;
import io.dsml.core.spi.ClassScorer;
import io.dsml.core.spi.MetricLoss;
import io.dsml.losses.support.BatchOps;
import java.util.Optional;

/**
 * A loss against one learned proxy per class: the proxies [classes, d] are a gradient-learned
 * parameter (the class state that {@code dsml loss --centers} sets). Classification is the
 * nearest proxy by cosine.
 */
public abstract class ProxyLoss extends MetricLoss {
    private final int classes;
    private final Parameter proxies;

    protected ProxyLoss(int classes, int dim) {
        this.classes = classes;
        this.proxies = addParameter(Parameter.builder()
                .setName("proxies")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(classes, dim))
                .optInitializer(new NormalInitializer(1f))
                .build());
    }

    /** The number of classes (proxies). */
    protected int classes() {
        return classes;
    }

    /** The L2-normalised proxies [classes, d], borrowed into the batch's scope. */
    protected NDArray unitProxies(ParameterStore store, NDArray embeddings, boolean training) {
        return Rows.l2Normalize(BatchOps.borrow(store, proxies, embeddings, training));
    }

    @Override
    public Optional<ClassScorer> classifier() {
        return Optional.of((store, embeddings) -> Linear.linear(
                        Rows.l2Normalize(embeddings), unitProxies(store, embeddings, false))
                .singletonOrThrow());
    }

    @Override
    public Optional<Parameter> classState() {
        return Optional.of(proxies);
    }

    /** The proxy parameter [classes, d]. */
    public Parameter proxies() {
        return proxies;
    }
}
