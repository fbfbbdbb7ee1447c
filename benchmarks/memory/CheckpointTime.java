import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import io.dsml.backbones.resnet.ResNet;
import io.dsml.core.files.AtomicFile;
import io.dsml.core.model.L2Normalize;
import io.dsml.core.model.TrainingBlock;
import io.dsml.core.spi.ImageShape;
import io.dsml.core.spi.RefreshPeriod;
import io.dsml.core.train.Checkpoint;
import io.dsml.core.train.optim.ResumableAdam;
import io.dsml.losses.vmf.MeanDirectionMode;
import io.dsml.losses.vmf.VmfLoss;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;

/**
 * How long a ResNet-50 checkpoint takes (docs/results/performance.md, "ResNet-50 at 224: memory and
 * checkpoints"): dsml's ResNet-50 with a 64-d head and the vMF loss over 10 classes, Adam's moments
 * filled by one step, written with {@link Checkpoint#save} (atomic, SHA-256 trailer, forced to the
 * disk) into DIR, then restored with {@link Checkpoint#load}, ROUNDS times. Each round also times
 * the parts: serialising the arrays alone (to a null stream), SHA-256 over as many bytes, and
 * writing as many bytes through {@link AtomicFile} (the disk and its fsync). From the repository
 * root, with the app built:
 *
 * <pre>
 * java -cp "benchmarks-app/target/dsml.jar:benchmarks-app/target/lib/*" benchmarks/memory/CheckpointTime.java DIR ROUNDS
 * </pre>
 */
public class CheckpointTime {
    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args[0]));
        int rounds = Integer.parseInt(args[1]);
        SequentialBlock net = ResNet.build(new ResNet.Spec(50, ResNet.Stem.IMAGENET, 64), new ImageShape(3, 224, 224))
                .assemble();
        net.add(Linear.builder().setUnits(64).build()).add(new L2Normalize());
        // the retrieval recipe's loss: its 10 x 64 mean directions are saved with the network
        TrainingBlock block = new TrainingBlock(
                net, new VmfLoss(16f, MeanDirectionMode.GLOBAL, RefreshPeriod.onlyAtStart(), 10, 64, 0));
        try (Model model = Model.newInstance("checkpoint-time")) {
            model.setBlock(block);
            ResumableAdam adam = new ResumableAdam(1e-3f, 0f);
            Loss value = new Loss("value") {
                @Override
                public NDArray evaluate(NDList labels, NDList predictions) {
                    return predictions.head();
                }
            };
            Trainer trainer = model.newTrainer(new DefaultTrainingConfig(value)
                    .optOptimizer(adam)
                    .optInitializer(new XavierInitializer(), Parameter.Type.WEIGHT));
            // the parameters' shapes do not depend on the image size: one cheap step at 64 px
            Shape images = new Shape(2, 3, 64, 64);
            trainer.initialize(images, new Shape(2));
            try (NDManager step = trainer.getManager().newSubManager();
                    GradientCollector collector = trainer.newGradientCollector()) {
                NDList batch = new NDList(step.randomUniform(0, 1, images), step.create(new int[] {1, 2}));
                collector.backward(trainer.forward(batch).head());
            }
            trainer.step();
            Path file = dir.resolve("checkpoint-time.bin");
            Path plain = dir.resolve("checkpoint-time-plain.bin");
            Checkpoint.Position position = new Checkpoint.Position(1, 0, 1, 0, 0, 0, Map.of());
            byte[] buffer = new byte[1 << 16];
            for (int r = 1; r <= rounds; r++) {
                long t0 = System.nanoTime();
                Checkpoint.save(file, new Checkpoint.Owner("", "cell", 1L), position, block, adam, block.loss());
                long t1 = System.nanoTime();
                try (DataOutputStream out =
                        new DataOutputStream(new BufferedOutputStream(OutputStream.nullOutputStream(), 1 << 16))) {
                    Checkpoint.saveParameters(out, block);
                    adam.save(out, namesById(block));
                }
                long t2 = System.nanoTime();
                long size = Files.size(file);
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                for (long left = size; left > 0; left -= buffer.length) {
                    digest.update(buffer, 0, (int) Math.min(buffer.length, left));
                }
                digest.digest();
                long t3 = System.nanoTime();
                AtomicFile.write(plain, "plain copy", out -> {
                    for (long left = size; left > 0; left -= buffer.length) {
                        out.write(buffer, 0, (int) Math.min(buffer.length, left));
                    }
                });
                long t4 = System.nanoTime();
                Checkpoint.load(file, block, adam, block.loss(), trainer.getManager());
                long t5 = System.nanoTime();
                System.out.printf(
                        "round %d: %.1f MB; save %.2f s (serialising the arrays alone %.2f s, SHA-256 of as many bytes"
                                + " %.2f s, writing as many bytes atomically and forced to the disk %.2f s);"
                                + " load %.2f s%n",
                        r, size / 1e6, seconds(t0, t1), seconds(t1, t2), seconds(t2, t3), seconds(t3, t4),
                        seconds(t4, t5));
            }
            Files.delete(file);
            Files.delete(plain);
        }
    }

    private static double seconds(long from, long to) {
        return (to - from) / 1e9;
    }

    private static Map<String, String> namesById(TrainingBlock block) {
        Map<String, String> names = new HashMap<>();
        block.getParameters().forEach(p -> names.put(p.getValue().getId(), p.getKey()));
        return names;
    }
}
