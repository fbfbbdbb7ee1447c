package io.dsml.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import io.dsml.core.error.DsmlException;
import io.dsml.core.files.ChecksummedFile;
import io.dsml.core.model.TrainingBlock;
import io.dsml.core.spi.MetricLoss;
import io.dsml.core.train.optim.ResumableAdam;
import io.dsml.core.train.optim.ResumableOptimizer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training k steps, checkpointing, and continuing in a fresh model equals training straight on. */
class CheckpointTest {
    /** Squared distance of each embedding to a learned per-class centre: enough state to test. */
    static final class CentreLoss extends MetricLoss {
        private final Parameter centres = addParameter(Parameter.builder()
                .setName("centres")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(3, 4))
                .build());

        @Override
        protected NDArray loss(ParameterStore store, NDArray embeddings, NDArray labels, boolean training) {
            NDArray c = store.getValue(centres, embeddings.getDevice(), training);
            NDArray picked = labels.oneHot(3).matMul(c);
            return embeddings.sub(picked).square().sum(new int[] {1}).mean();
        }
    }

    private static Trainer trainer(Model model, ResumableOptimizer optimizer) {
        return trainer(model, optimizer, null);
    }

    private static Trainer trainer(Model model, ResumableOptimizer optimizer, Path checkpoint) {
        return trainer(model, optimizer, checkpoint, null);
    }

    private static Trainer trainer(
            Model model, ResumableOptimizer optimizer, Path checkpoint, Checkpoint.Owner resumingCell) {
        SequentialBlock net = new SequentialBlock()
                .add(Linear.builder().setUnits(8).build())
                .add(BatchNorm.builder().build())
                .add(Linear.builder().setUnits(4).build());
        model.setBlock(new TrainingBlock(net, new CentreLoss()));
        Trainer trainer = model.newTrainer(new DefaultTrainingConfig(new PrecomputedLoss())
                .optOptimizer(optimizer)
                .optInitializer(new XavierInitializer(), Parameter.Type.WEIGHT));
        TrainingBlock block = (TrainingBlock) model.getBlock();
        if (checkpoint != null) {
            MetricTrainer.initializeFromCheckpoint(
                    trainer, block, optimizer, checkpoint, resumingCell, new Shape(6, 5), new Shape(6));
        } else {
            trainer.initialize(new Shape(6, 5), new Shape(6));
        }
        return trainer;
    }

    private static void steps(Trainer trainer, int from, int to) {
        for (int s = from; s < to; s++) {
            try (NDManager scope = trainer.getManager().newSubManager()) {
                NDArray x = scope.randomNormal(new Shape(6, 5)).add(s); // a different batch per step
                x = scope.create(x.toFloatArray(), new Shape(6, 5));
                NDArray y = scope.create(new int[] {0, 1, 2, 0, 1, 2}).toType(DataType.INT32, false);
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    collector.backward(trainer.forward(new NDList(x, y)).head());
                }
                trainer.step();
            }
        }
    }

    private static List<float[]> values(Trainer trainer) {
        List<float[]> values = new ArrayList<>();
        trainer.getModel()
                .getBlock()
                .getParameters()
                .forEach(p -> values.add(p.getValue().getArray().toFloatArray()));
        return values;
    }

    @Test
    void resumingFromACheckpointContinuesExactly(@TempDir Path dir) {
        Path file = dir.resolve("checkpoint.bin");
        List<float[]> straight;
        List<float[]> atSave;
        Engine.getInstance().setRandomSeed(3);
        try (Model model = Model.newInstance("a")) {
            ResumableAdam adam = new ResumableAdam(0.01f, 0f);
            Trainer trainer = trainer(model, adam);
            Engine.getInstance().setRandomSeed(7);
            steps(trainer, 0, 5);
            TrainingBlock block = (TrainingBlock) model.getBlock();
            Checkpoint.save(file, new Checkpoint.Position(1, 0, 5, 0, 0, 0, Map.of()), block, adam, block.loss());
            atSave = values(trainer);
            steps(trainer, 5, 10);
            straight = values(trainer);
        }
        Engine.getInstance().setRandomSeed(99); // a different initialisation, overwritten by the checkpoint
        try (Model model = Model.newInstance("b")) {
            ResumableAdam adam = new ResumableAdam(0.01f, 0f);
            Trainer trainer = trainer(model, adam, file);
            assertThat(Checkpoint.peek(file).steps()).isEqualTo(5);
            List<float[]> loaded = values(trainer);
            for (int i = 0; i < atSave.size(); i++) {
                assertThat(loaded.get(i)).as("loaded parameter %d", i).containsExactly(atSave.get(i));
            }
            Engine.getInstance().setRandomSeed(7);
            // replay the same batches: draw (and discard) the first five batches' randomness
            try (NDManager scope = trainer.getManager().newSubManager()) {
                for (int s = 0; s < 5; s++) {
                    scope.randomNormal(new Shape(6, 5));
                }
            }
            steps(trainer, 5, 10);
            List<float[]> resumed = values(trainer);
            for (int i = 0; i < straight.size(); i++) {
                assertThat(resumed.get(i)).as("parameter %d", i).containsExactly(straight.get(i));
            }
        }
    }

    /** A real checkpoint of a few steps, with a configuration fingerprint and no cell. */
    private static void saveOne(Path file) {
        saveOwned(file, new Checkpoint.Owner("fp-1", "", 0L));
    }

    private static void assertRefusedToResume(Path file, String why) {
        assertThatThrownBy(() -> Checkpoint.peek(file))
                .isInstanceOf(DsmlException.class)
                .hasMessageStartingWith(file + ": the checkpoint is damaged (")
                .hasMessageContaining(why)
                .hasMessageEndingWith("delete it to retrain the cell from its start");
        try (Model model = Model.newInstance("b")) {
            ResumableAdam adam = new ResumableAdam(0.01f, 0f);
            assertThatThrownBy(() -> trainer(model, adam, file))
                    .isInstanceOf(DsmlException.class)
                    .hasMessageContaining("the checkpoint is damaged");
        }
    }

    /** A real checkpoint of a few steps, bound to a cell. */
    private static void saveOwned(Path file, Checkpoint.Owner owner) {
        Engine.getInstance().setRandomSeed(3);
        try (Model model = Model.newInstance("a")) {
            ResumableAdam adam = new ResumableAdam(0.01f, 0f);
            Trainer trainer = trainer(model, adam);
            steps(trainer, 0, 2);
            TrainingBlock block = (TrainingBlock) model.getBlock();
            Checkpoint.save(
                    file, owner, new Checkpoint.Position(1, 0, 2, 0, 0, 0, Map.of()), block, adam, block.loss());
        }
    }

    @Test
    void aCheckpointIsBoundToItsCellAndSeed(@TempDir Path dir) {
        Path file = dir.resolve("checkpoint.bin");
        Checkpoint.Owner seed1 = new Checkpoint.Owner("fp", "conv-1__softmax__seed1", 1L);
        saveOwned(file, seed1);
        assertThat(Checkpoint.header(file).owner()).isEqualTo(seed1);
        for (Checkpoint.Owner other : List.of(
                new Checkpoint.Owner("fp", "conv-1__softmax__seed2", 2L),
                new Checkpoint.Owner("fp", "conv-1__vmf__seed1", 1L))) {
            try (Model model = Model.newInstance("b")) {
                ResumableAdam adam = new ResumableAdam(0.01f, 0f);
                assertThatThrownBy(() -> trainer(model, adam, file, other))
                        .isInstanceOf(DsmlException.class)
                        .hasMessage(file
                                + ": not this cell's checkpoint (it belongs to cell conv-1__softmax__seed1, not "
                                + other.cellId() + "; was it copied or swapped?); put the cell's own checkpoint back, "
                                + "or delete it to retrain the cell from its start");
            }
        }
        assertThat(Checkpoint.header(file).owner().mismatch(new Checkpoint.Owner("fp", "", 2L)))
                .as("a cell without an id is still checked on its seed")
                .isEqualTo("it was trained with seed 1, not 2");
        try (Model model = Model.newInstance("b")) {
            trainer(model, new ResumableAdam(0.01f, 0f), file, seed1);
        }
    }

    @Test
    void recordsTheConfigurationFingerprint(@TempDir Path dir) {
        Path file = dir.resolve("checkpoint.bin");
        saveOne(file);
        Checkpoint.Header header = Checkpoint.header(file);
        assertThat(header.configFingerprint()).isEqualTo("fp-1");
        assertThat(header.position().epochsDone()).isEqualTo(1);
    }

    @Test
    void damageOfAnyKindIsDetectedBeforeAnythingIsRestored(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("checkpoint.bin");
        saveOne(file);
        byte[] good = Files.readAllBytes(file);

        byte[] flipped = good.clone();
        flipped[good.length - 200] ^= 0x10; // inside the last arrays: weights resumed "ok" before
        Files.write(file, flipped);
        assertRefusedToResume(file, "its SHA-256 checksum does not match");

        String text = new String(good, StandardCharsets.ISO_8859_1);
        int counter = text.indexOf("\"epochsDone\":1") + "\"epochsDone\":".length();
        byte[] edited = good.clone();
        edited[counter] = '3'; // marked the cell finished with the wrong epoch's metrics before
        Files.write(file, edited);
        assertRefusedToResume(file, "its SHA-256 checksum does not match");

        Files.write(file, Arrays.copyOf(good, good.length / 2));
        assertRefusedToResume(file, "cut short");

        Files.write(file, new byte[] {1, 2, 3});
        assertRefusedToResume(file, "only 3 bytes");

        byte[] garbage = new byte[good.length];
        new Random(1).nextBytes(garbage);
        Files.write(file, garbage);
        assertRefusedToResume(file, "no checksum at its end");
    }

    @Test
    void aNegativeLengthFieldIsAnErrorNotACrash(@TempDir Path dir) {
        Path file = dir.resolve("checkpoint.bin");
        // a well-formed, checksummed file whose first parameter claims -5 bytes
        ChecksummedFile.write(file, "checkpoint", out -> {
            out.writeUTF("dsml-checkpoint");
            out.writeInt(2);
            out.writeUTF("fp");
            out.writeUTF("{\"epochsDone\":1}");
            out.writeInt(9); // as many as the model has
            out.writeUTF("x");
            out.writeInt(-5);
        });
        try (Model model = Model.newInstance("b")) {
            ResumableAdam adam = new ResumableAdam(0.01f, 0f);
            assertThatThrownBy(() -> trainer(model, adam, file))
                    .isInstanceOf(DsmlException.class)
                    .hasMessageContaining("cannot resume from this checkpoint")
                    .hasMessageContaining("is -5 bytes");
        }
    }

    @Test
    void aFullDiskKeepsThePreviousCheckpointAndLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
        Path full = Path.of("/dev/full"); // every write fails with ENOSPC, as on a full disk
        assumeTrue(Files.isWritable(full), "/dev/full is not available here: a full disk cannot be simulated");
        Path file = dir.resolve("checkpoint.bin");
        saveOne(file);
        byte[] before = Files.readAllBytes(file);
        Files.createSymbolicLink(io.dsml.core.files.AtomicFile.temporaryOf(dir.resolve("checkpoint.bin")), full);
        assertThatThrownBy(() -> saveOne(file))
                .isInstanceOf(DsmlException.class)
                .hasMessage(file + ": cannot write the checkpoint: No space left on device (the previous one is kept)");
        assertThat(io.dsml.core.files.AtomicFile.temporaryOf(dir.resolve("checkpoint.bin")))
                .doesNotExist();
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(Checkpoint.peek(file).epochsDone()).isEqualTo(1);
    }
}
