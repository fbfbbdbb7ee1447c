package io.dsml.backbones;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.dsml.backbones.inject.BackbonesModule;
import io.dsml.core.inject.CoreModule;
import io.dsml.core.inject.Registries;
import io.dsml.core.params.Params;
import io.dsml.core.spi.BackboneFactory;
import io.dsml.core.spi.ImageShape;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Test helpers: backbones by name, deterministic inputs, inference and one SGD step. */
public final class Nets {
    private static final Registries REGISTRIES = com.google.inject.Guice.createInjector(
                    new CoreModule(), new BackbonesModule())
            .getInstance(Registries.class);

    private Nets() {}

    public static Registries registries() {
        return REGISTRIES;
    }

    public static BackboneFactory factory(String name) {
        return REGISTRIES.backbones().get(name, "backbone");
    }

    /** The backbone {@code name} with {@code params} for {@code input}. */
    public static Block create(String name, Map<String, ?> params, ImageShape input) {
        BackboneFactory f = factory(name);
        return f.create(Params.resolve(name, f.params(), params), input);
    }

    /** A fixed, varied batch: values depend only on position. */
    public static NDArray input(NDManager manager, int batch, ImageShape shape) {
        Shape s = shape.batchShape(batch);
        return manager.arange((float) s.size()).reshape(s).mul(0.37f).sin();
    }

    /** Initialises {@code block} on {@code manager} for {@code input} and runs it in inference mode. */
    public static float[] infer(Block block, NDManager manager, int batch, ImageShape input) {
        block.initialize(manager, DataType.FLOAT32, input.batchShape(batch));
        return inferInitialised(block, manager, batch, input);
    }

    /** Runs an initialised {@code block} in inference mode on the test batch. */
    public static float[] inferInitialised(Block block, NDManager manager, int batch, ImageShape input) {
        try (NDManager scope = manager.newSubManager()) {
            return forward(block, scope, batch, input);
        }
    }

    private static float[] forward(Block block, NDManager manager, int batch, ImageShape input) {
        NDArray out = block.forward(new ParameterStore(manager, false), new NDList(input(manager, batch, input)), false)
                .singletonOrThrow();
        return out.toFloatArray();
    }

    /** Values of each parameter of {@code block}, in order, as a snapshot. */
    public static List<float[]> snapshot(List<Parameter> parameters) {
        return parameters.stream().map(p -> p.getArray().toFloatArray()).toList();
    }

    /**
     * Trains {@code block} for one SGD step (loss: mean squared output) on a batch of two;
     * {@code inspect} runs before and after, while the arrays are alive.
     *
     * @return the output shape and loss of the step
     */
    public static Step trainOneStep(Block block, ImageShape input, Consumer<Block> before, Consumer<Block> after) {
        try (Model model = Model.newInstance("step")) {
            model.setBlock(block);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
                    .optOptimizer(Optimizer.sgd()
                            .setLearningRateTracker(Tracker.fixed(1e-3f))
                            .build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(input.batchShape(2));
                before.accept(block);
                Step step;
                try (NDManager batch = trainer.getManager().newSubManager();
                        GradientCollector collector = trainer.newGradientCollector()) {
                    NDArray out =
                            trainer.forward(new NDList(input(batch, 2, input))).singletonOrThrow();
                    NDArray loss = out.square().mean();
                    collector.backward(loss);
                    step = new Step(out.getShape(), loss.getFloat());
                }
                trainer.step();
                after.accept(block);
                return step;
            }
        }
    }

    /** What one training step produced. */
    public record Step(Shape output, float loss) {}
}
