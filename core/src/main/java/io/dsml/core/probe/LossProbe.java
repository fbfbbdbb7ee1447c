package io.dsml.core.probe;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import io.dsml.core.error.DsmlException;
import io.dsml.core.error.UserInput;
import io.dsml.core.spi.MetricLoss;
import io.dsml.core.spi.RefreshableClassState;
import io.dsml.core.train.MetricTrainer;
import io.dsml.evaluation.EmbeddingSet;

/**
 * Evaluates a loss on given embeddings, outside training: the value and, optionally, dLoss/dE.
 * Used by {@code dsml loss} and by the loss tests (finite differences, reference values).
 *
 * <p>Class state: when {@code classState} is given it is written into the loss's {@link
 * MetricLoss#classState()} parameter; otherwise a {@link RefreshableClassState} (vMF) is refreshed
 * from the given embeddings themselves (mean directions = normalised class resultants of E), and
 * learned state keeps its Xavier initialisation under a fixed seed.
 */
public final class LossProbe {
    private LossProbe() {}

    /**
     * @param loss the value of the loss
     * @param gradient dLoss/dE, row-major [n, d], or {@code null} if not asked for
     */
    public record Result(double loss, float[] gradient) {}

    /**
     * Evaluates {@code loss} on E [n, d] with labels [n].
     *
     * @param classState row-major [classes, d] class state, or {@code null}
     * @param withGradient whether to compute dLoss/dE
     * @throws DsmlException if the class state does not fit the loss
     */
    public static Result evaluate(
            MetricLoss loss, float[] embeddings, int n, int d, int[] labels, float[] classState, boolean withGradient) {
        try (NDManager manager = NDManager.newBaseManager()) {
            return evaluate(manager, loss, embeddings, n, d, labels, classState, withGradient);
        }
    }

    /**
     * As {@link #evaluate(MetricLoss, float[], int, int, int[], float[], boolean)}, with the loss's
     * parameters kept in {@code manager}, so the caller can inspect the loss's state afterwards.
     */
    public static Result evaluate(
            NDManager manager,
            MetricLoss loss,
            float[] embeddings,
            int n,
            int d,
            int[] labels,
            float[] classState,
            boolean withGradient) {
        Engine.getInstance().setRandomSeed(0);
        try (NDManager scope = manager.newSubManager()) {
            loss.setInitializer(new XavierInitializer(), MetricTrainer.WEIGHTS_WITHOUT_INITIALIZER);
            loss.initialize(manager, DataType.FLOAT32, new Shape(n, d), new Shape(n));
            if (classState != null) {
                setClassState(loss, classState);
            } else if (loss instanceof RefreshableClassState refreshable) {
                refreshable.refresh(new EmbeddingSet(embeddings, n, d, labels));
            }
            NDArray e = scope.create(embeddings, new Shape(n, d));
            NDArray y = scope.create(labels);
            ParameterStore store = new ParameterStore(scope, false);
            if (!withGradient) {
                return new Result(
                        loss.forward(store, new NDList(e, y), true).head().getFloat(), null);
            }
            e.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray value = loss.forward(store, new NDList(e, y), true).head();
                collector.backward(value);
                return new Result(value.getFloat(), e.getGradient().toFloatArray());
            }
        }
    }

    private static void setClassState(MetricLoss loss, float[] values) {
        Parameter state = loss.classState()
                .orElseThrow(() -> new DsmlException(
                        UserInput.of(UserInput.Kind.CLASS_CENTERS), "this loss has no class state to set"));
        Shape shape = state.getArray().getShape();
        if (shape.size() != values.length) {
            throw new DsmlException(
                    UserInput.of(UserInput.Kind.CLASS_CENTERS),
                    "expected shape " + shape + " (classes x dim), got " + values.length + " values");
        }
        state.getArray().set(values);
    }
}
