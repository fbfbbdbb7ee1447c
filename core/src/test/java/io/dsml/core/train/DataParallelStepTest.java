package io.dsml.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import io.dsml.core.model.TrainingBlock;
import io.dsml.core.train.optim.ResumableAdam;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What {@link DataParallelStep} does to state beyond the gradient step (README, "Training on
 * several devices"): BatchNorm running statistics averaged over replicas, by hand-computed
 * values, every replica equal to the first after a step, and one optimizer count per step.
 */
class DataParallelStepTest {
    private static final int BATCH = 8;
    private static final float MOMENTUM = 0.9f; // DJL BatchNorm's default

    private static Trainer trainer(Model model, ResumableAdam adam) {
        SequentialBlock net = new SequentialBlock()
                .add(Linear.builder().setUnits(3).build())
                .add(BatchNorm.builder().build())
                .add(Linear.builder().setUnits(4).build());
        model.setBlock(new TrainingBlock(net, new CheckpointTest.CentreLoss()));
        Trainer trainer = model.newTrainer(new DefaultTrainingConfig(new PrecomputedLoss())
                .optOptimizer(adam)
                .optInitializer(new XavierInitializer(), Parameter.Type.WEIGHT));
        trainer.initialize(new Shape(BATCH, 5), new Shape(BATCH));
        return trainer;
    }

    private static float[] inputs() {
        float[] x = new float[BATCH * 5];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(1.7 * i) * (i < x.length / 2 ? 1 : 3) + (i < x.length / 2 ? 0 : 2);
        }
        return x;
    }

    @Test
    void runningStatisticsAreTheReplicasMeanAndEveryReplicaEndsEqual() {
        Engine.getInstance().setRandomSeed(5);
        float[] x = inputs();
        int[] y = {0, 1, 2, 0, 1, 2, 0, 1};
        TrainingDevices two = TrainingDevices.resolve(List.of("cpu(0)", "cpu(1)"));
        try (Model single = Model.newInstance("one");
                Model parallel = Model.newInstance("two")) {
            ResumableAdam adamOne = new ResumableAdam(0.01f, 0f);
            ResumableAdam adamTwo = new ResumableAdam(0.01f, 0f);
            Trainer one = trainer(single, adamOne);
            Trainer twoTrainer = trainer(parallel, adamTwo);
            List<Parameter> a = List.copyOf(single.getBlock().getParameters().values());
            List<Parameter> b = List.copyOf(parallel.getBlock().getParameters().values());
            for (int i = 0; i < a.size(); i++) {
                b.get(i).getArray().set(a.get(i).getArray().toFloatArray());
            }
            float[] w = a.get(0).getArray().toFloatArray(); // first Linear [3, 5]
            float[] bias = a.get(1).getArray().toFloatArray();
            TrainingBlock block = (TrainingBlock) parallel.getBlock();
            DataParallelStep step = new DataParallelStep(block, adamTwo, two, twoTrainer.getManager());

            try (NDManager scope = one.getManager().newSubManager()) {
                NDArray images = scope.create(x, new Shape(BATCH, 5));
                NDArray labels = scope.create(y).toType(DataType.INT32, false);
                try (GradientCollector collector = one.newGradientCollector()) {
                    collector.backward(one.forward(new NDList(images, labels)).head());
                }
                one.step();
            }
            try (NDManager scope = twoTrainer.getManager().newSubManager()) {
                NDArray images = scope.create(x, new Shape(BATCH, 5));
                NDArray labels = scope.create(y).toType(DataType.INT32, false);
                step.step(twoTrainer, scope, images, labels);
            }

            Parameter mean = parameter(b, Parameter.Type.RUNNING_MEAN);
            Parameter variance = parameter(b, Parameter.Type.RUNNING_VAR);
            float[] meanOne =
                    parameter(a, Parameter.Type.RUNNING_MEAN).getArray().toFloatArray();
            float[] varOne = parameter(a, Parameter.Type.RUNNING_VAR).getArray().toFloatArray();
            float[] meanTwo = mean.getArray().toFloatArray();
            float[] varTwo = variance.getArray().toFloatArray();
            for (int c = 0; c < 3; c++) {
                double[] whole = moments(x, w, bias, c, 0, BATCH);
                double[] first = moments(x, w, bias, c, 0, BATCH / 2);
                double[] second = moments(x, w, bias, c, BATCH / 2, BATCH);
                // one device: the batch's mean and variance (in the engine's convention)
                assertThat(meanOne[c]).isCloseTo((float) ((1 - MOMENTUM) * whole[0]), within(1e-5f));
                assertThat(varOne[c]).isCloseTo((float) (MOMENTUM + (1 - MOMENTUM) * whole[1]), within(1e-5f));
                // two replicas: the mean of their slices' statistics; the mean equals the batch's
                assertThat(meanTwo[c]).isCloseTo(meanOne[c], within(1e-6f));
                double sliceVariance = (first[1] + second[1]) / 2;
                assertThat(varTwo[c]).isCloseTo((float) (MOMENTUM + (1 - MOMENTUM) * sliceVariance), within(1e-5f));
                double spread = (first[0] - second[0]) / 2;
                assertThat(Math.abs(spread)).as("slices with different means").isGreaterThan(0.05);
                assertThat(Math.abs(varOne[c] - varTwo[c]))
                        .as("averaging slices is not the batch's variance")
                        .isGreaterThan(1e-3f);
            }
            for (Parameter p : block.embedder().getParameters().values()) {
                assertThat(step.valueOn(1, p).toFloatArray())
                        .as("replica 1's %s", p.getName())
                        .containsExactly(p.getArray().toFloatArray());
            }
            for (Parameter p : b) {
                if (p.requiresGradient()) {
                    assertThat(adamTwo.updates(p.getId())).as(p.getName()).isEqualTo(1);
                }
            }
        }
    }

    private static Parameter parameter(List<Parameter> parameters, Parameter.Type type) {
        return parameters.stream().filter(p -> p.getType() == type).findFirst().orElseThrow();
    }

    /**
     * How many degrees of freedom the engine's BatchNorm takes off when it folds a batch's variance
     * into the running variance: MXNet keeps the biased variance (divides by n), PyTorch the
     * unbiased one (n - 1), as torch.nn.BatchNorm does.
     */
    private static int runningVarianceCorrection() {
        String engine = Engine.getInstance().getEngineName();
        return switch (engine) {
            case "MXNet" -> 0;
            case "PyTorch" -> 1;
            default -> throw new AssertionError("no BatchNorm variance convention known for " + engine);
        };
    }

    /**
     * Mean and variance of channel c of x W^T + b over rows [from, to), the variance with the
     * engine's {@link #runningVarianceCorrection}.
     */
    private static double[] moments(float[] x, float[] w, float[] b, int c, int from, int to) {
        double sum = 0;
        double squares = 0;
        for (int r = from; r < to; r++) {
            double h = b[c];
            for (int k = 0; k < 5; k++) {
                h += (double) x[r * 5 + k] * w[c * 5 + k];
            }
            sum += h;
            squares += h * h;
        }
        int n = to - from;
        double mean = sum / n;
        double squaredDeviations = squares - n * mean * mean;
        return new double[] {mean, squaredDeviations / (n - runningVarianceCorrection())};
    }
}
