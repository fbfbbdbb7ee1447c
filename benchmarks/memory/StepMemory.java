import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.dsml.backbones.resnet.ResNet;
import io.dsml.core.model.L2Normalize;
import io.dsml.core.model.ScopedForward;
import io.dsml.core.spi.ImageShape;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a ResNet-50 training step's resident memory goes (docs/results/performance.md, "ResNet-50 at
 * 224: memory and checkpoints"): dsml's ResNet-50 at 224 px with a 64-d L2-normalised head, the vMF
 * loss (kappa 16, fixed unit means) and DJL's Adam, on one pre-made random batch, printing the
 * process's resident set (VmRSS) and its peak (VmHWM, reset at each step's start) after the forward
 * pass, after the backward pass and at the step's end. From the repository root, with the app built:
 *
 * <pre>
 * java -cp "benchmarks-app/target/dsml.jar:benchmarks-app/target/lib/*" benchmarks/memory/StepMemory.java BATCH STEPS MODE
 * </pre>
 *
 * MODE: {@code plain} (every intermediate held until the step's manager closes, as DJL's
 * {@code trainer.forward} does), {@code release} (the same forward, its arrays freed before the
 * backward pass; only the loss kept) or {@code scoped} (the forward through {@link ScopedForward},
 * as dsml's trainer runs it). Engine settings come from the environment (OMP_NUM_THREADS,
 * MXNET_ENGINE_TYPE, MALLOC_MMAP_THRESHOLD_, ...). Each step also prints its wall time, the process's CPU
 * time and minor page faults: on a shared machine the CPU time is the steadier measure of cost.
 */
public class StepMemory {
    public static void main(String[] args) throws Exception {
        int batch = Integer.parseInt(args[0]);
        int steps = Integer.parseInt(args[1]);
        String mode = args[2];
        if (!mode.matches("plain|release|scoped")) {
            throw new IllegalArgumentException("MODE is plain, release or scoped, not " + mode);
        }
        SequentialBlock net = ResNet.build(new ResNet.Spec(50, ResNet.Stem.IMAGENET, 64), new ImageShape(3, 224, 224))
                .assemble();
        net.add(Linear.builder().setUnits(64).build()).add(new L2Normalize());
        try (Model model = Model.newInstance("step-memory")) {
            model.setBlock(net);
            NDArray means = model.getNDManager().randomNormal(new Shape(64, 10));
            NDArray meansT = means.div(means.norm(new int[] {0}, true));
            Loss vmf = new Loss("vmf") {
                @Override
                public NDArray evaluate(NDList labels, NDList predictions) {
                    NDArray logits = predictions.head().matMul(meansT).mul(16f);
                    NDIndex pick = new NDIndex().addAllDim().addPickDim(labels.head());
                    return logits.logSoftmax(1).get(pick).neg().mean();
                }
            };
            Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build();
            Trainer trainer = model.newTrainer(new DefaultTrainingConfig(vmf)
                    .optOptimizer(adam)
                    .optInitializer(new XavierInitializer(), Parameter.Type.WEIGHT));
            trainer.initialize(new Shape(batch, 3, 224, 224));
            NDArray images = trainer.getManager().randomUniform(0, 1, new Shape(batch, 3, 224, 224));
            NDArray labels = trainer.getManager().randomInteger(0, 10, new Shape(batch), DataType.INT32);
            System.out.printf("%s, batch %d; initialised: %s%n", mode, batch, memory());
            for (int s = 1; s <= steps; s++) {
                long start = System.nanoTime();
                long[] cpu = cpuAndFaults();
                Files.writeString(Path.of("/proc/self/clear_refs"), "5"); // VmHWM := VmRSS
                String forward;
                String backward;
                try (NDManager scope = trainer.getManager().newSubManager()) {
                    labels.tempAttach(scope);
                    try (GradientCollector collector = trainer.newGradientCollector()) {
                        NDArray loss = forward(mode, trainer, net, scope, images, labels);
                        loss.getFloat();
                        forward = memory();
                        collector.backward(loss);
                        loss.getFloat();
                        backward = memory();
                    }
                    trainer.step();
                }
                long[] used = cpuAndFaults();
                System.out.printf(
                        "step %d: after forward %s; after backward %s; step end %s; %.1f s, CPU %.1f s user %.1f s"
                                + " system, %d minor page faults%n",
                        s, forward, backward, memory(), (System.nanoTime() - start) / 1e9,
                        (used[0] - cpu[0]) / (double) TICKS, (used[1] - cpu[1]) / (double) TICKS, used[2] - cpu[2]);
            }
        }
    }

    /** The loss of one forward pass, in {@code scope}; what else stays there depends on the mode. */
    private static NDArray forward(
            String mode, Trainer trainer, SequentialBlock net, NDManager scope, NDArray images, NDArray labels) {
        if (mode.equals("release")) {
            try (NDManager pass = scope.newSubManager()) {
                images.tempAttach(pass);
                NDArray loss = trainer.getLoss().evaluate(new NDList(labels), trainer.forward(new NDList(images)));
                loss.attach(scope);
                return loss;
            }
        }
        images.tempAttach(scope);
        NDList embeddings = mode.equals("scoped")
                ? ScopedForward.forward(net, new ParameterStore(trainer.getManager(), false), new NDList(images), true)
                : trainer.forward(new NDList(images));
        return trainer.getLoss().evaluate(new NDList(labels), embeddings);
    }

    /** Clock ticks per second of /proc/self/stat's times (USER_HZ, 100 on Linux). */
    private static final long TICKS = 100;

    /** The process's user and system CPU time (ticks) and minor page faults so far. */
    private static long[] cpuAndFaults() throws Exception {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields 3.. after the command: minflt is field 10, utime 14, stime 15 (proc(5))
        return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[7])};
    }

    private static String memory() throws Exception {
        long rss = 0;
        long peak = 0;
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            } else if (line.startsWith("VmHWM:")) {
                peak = Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return String.format("RSS %d MiB (peak %d)", rss, peak);
    }
}
