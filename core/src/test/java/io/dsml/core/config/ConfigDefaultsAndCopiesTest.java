package io.dsml.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The training defaults are stated once (the named constants, which the loader, {@link ConfigKeys}
 * and so {@code docs/config.md} all see), and a copy of a config (the training builder, the
 * experiment's {@code with}) changes exactly the settings asked.
 */
class ConfigDefaultsAndCopiesTest {
    /** Every training setting away from its default. */
    private static final TrainingConfig TRAINING = TrainingConfig.builder()
            .epochs(20)
            .batchSize(64)
            .optimizer(TrainingConfig.Optimizer.SGD)
            .learningRate(0.1)
            .weightDecay(5e-4)
            .momentum(0.5)
            .sampler("m-per-class")
            .samplesPerClass(8)
            .maxStepsPerEpoch(3)
            .augment(false)
            .checkpointEverySteps(100)
            .schedule(new ScheduleConfig(ScheduleConfig.Shape.COSINE, 1.0, null, null))
            .lrMultipliers(Map.of("loss", 100.0))
            .headOnlyEpochs(2)
            .devices(List.of("cpu(0)", "cpu(1)"))
            .build();

    /** Every evaluation setting away from its default. */
    private static final EvaluationConfig EVALUATION =
            new EvaluationConfig(List.of("nmi"), List.of(1, 2), 2, "softmax", "retrieval-val", "map_at_r", 4);

    /** Every component absent, as in an empty YAML file. */
    private static final ExperimentConfig EMPTY =
            new ExperimentConfig(null, null, null, null, null, null, null, null, null, null, null);

    /** Every component of an experiment away from {@link #EMPTY}'s. */
    private static final ExperimentConfig EXPERIMENT = EMPTY.with(e -> {
        e.name = "demo";
        e.description = "every component set";
        e.dataset = new DatasetConfig("cub", "retrieval", "/data", Map.of());
        e.backbones = List.of(new ComponentConfig("conv-2", null, Map.of(), null));
        e.embedding = new EmbeddingConfig(16, false, true, null);
        e.losses = List.of(new ComponentConfig("softmax", null, Map.of(), null));
        e.training = TRAINING;
        e.evaluation = EVALUATION;
        e.seeds = List.of(1L, 2L);
        e.engine = "pytorch";
        e.tune = new TuneConfig(
                "random",
                4,
                null,
                null,
                null,
                null,
                Map.of(
                        "all",
                        Map.of(
                                "training.learning_rate",
                                new TuneConfig.ParameterConfig(1e-4, 1e-2, "log", null, null))));
    });

    @Test
    void trainingDefaultsAreTheNamedConstants() {
        TrainingConfig defaults = TrainingConfig.defaults();
        assertThat(defaults.epochs()).isEqualTo(TrainingConfig.DEFAULT_EPOCHS);
        assertThat(defaults.batchSize()).isEqualTo(TrainingConfig.DEFAULT_BATCH_SIZE);
        assertThat(defaults.optimizer()).isEqualTo(TrainingConfig.DEFAULT_OPTIMIZER);
        assertThat(defaults.learningRate()).isEqualTo(TrainingConfig.DEFAULT_LEARNING_RATE);
        assertThat(defaults.weightDecay()).isEqualTo(TrainingConfig.DEFAULT_WEIGHT_DECAY);
        assertThat(defaults.momentum()).isEqualTo(TrainingConfig.DEFAULT_MOMENTUM);
        assertThat(defaults.sampler()).isEqualTo(TrainingConfig.DEFAULT_SAMPLER);
        assertThat(defaults.samplesPerClass()).isEqualTo(TrainingConfig.DEFAULT_SAMPLES_PER_CLASS);
        assertThat(defaults.maxStepsPerEpoch()).isEqualTo(TrainingConfig.DEFAULT_MAX_STEPS_PER_EPOCH);
        assertThat(defaults.augment()).isEqualTo(TrainingConfig.DEFAULT_AUGMENT);
        assertThat(defaults.checkpointEverySteps()).isEqualTo(TrainingConfig.DEFAULT_CHECKPOINT_EVERY_STEPS);
        assertThat(defaults.schedule()).isEqualTo(ScheduleConfig.defaults());
        assertThat(defaults.lrMultipliers()).isEmpty();
        assertThat(defaults.headOnlyEpochs()).isEqualTo(TrainingConfig.DEFAULT_HEAD_ONLY_EPOCHS);
        assertThat(defaults.devices()).isEmpty();
        // the reference page's defaults are read from the same record
        assertThat(ConfigKeys.all())
                .contains(new ConfigKeys.Key("training.optimizer", "string", "adam"))
                .contains(new ConfigKeys.Key("training.epochs", "integer", "10"))
                .contains(new ConfigKeys.Key("training.augment", "boolean", "true"));
    }

    @Test
    void aCopyChangesOnlyTheSettingAsked() throws Exception {
        assertEachCopyChangesOnlyItsComponent(TrainingConfig.defaults(), TRAINING, (config, name, value) -> {
            TrainingConfig.Builder builder = config.toBuilder();
            setter(builder, name).invoke(builder, value);
            return builder.build();
        });
        assertEachCopyChangesOnlyItsComponent(
                EMPTY, EXPERIMENT, (config, name, value) -> config.with(e -> assign(e, name, value)));
    }

    @Test
    void theNamedCopiesChangeOnlyTheirSetting() {
        assertThat(EXPERIMENT.withEngine("mxnet")).isEqualTo(EXPERIMENT.with(e -> e.engine = "mxnet"));
        assertThat(EXPERIMENT.withBaseline(null).evaluation())
                .isEqualTo(
                        new EvaluationConfig(List.of("nmi"), List.of(1, 2), 2, null, "retrieval-val", "map_at_r", 4));
        assertThat(EXPERIMENT.withBaseline(null).training()).isEqualTo(TRAINING);
        ExperimentConfig moved = EXPERIMENT.withDataDir(java.nio.file.Path.of("/elsewhere/../data"));
        assertThat(moved.dataset()).isEqualTo(new DatasetConfig("cub", "retrieval", "/data", Map.of()));
        assertThat(moved.with(e -> e.dataset = EXPERIMENT.dataset())).isEqualTo(EXPERIMENT);
    }

    /** A copy of {@code config} with the component {@code name} set to {@code value}. */
    private interface Copy<R> {
        R with(R config, String name, Object value) throws ReflectiveOperationException;
    }

    /**
     * For each component, copies each of the two records with that component set to the other's
     * value and checks that the copy differs from its original in that component only. With every
     * component unlike between the two, this also catches a copy that drops a component (which then
     * comes out at its default, the value of at least one of the two).
     */
    private static <R extends Record> void assertEachCopyChangesOnlyItsComponent(R one, R other, Copy<R> copy)
            throws ReflectiveOperationException {
        RecordComponent[] components = one.getClass().getRecordComponents();
        for (List<R> pair : List.of(List.of(one, other), List.of(other, one))) {
            R start = pair.get(0);
            R target = pair.get(1);
            for (RecordComponent changed : components) {
                Object value = changed.getAccessor().invoke(target);
                assertThat(value)
                        .as("the two configs differ in %s", changed.getName())
                        .isNotEqualTo(changed.getAccessor().invoke(start));
                R copied = copy.with(start, changed.getName(), value);
                for (RecordComponent c : components) {
                    assertThat(c.getAccessor().invoke(copied))
                            .as("%s after setting %s", c.getName(), changed.getName())
                            .isEqualTo(c.getAccessor().invoke(c == changed ? target : start));
                }
            }
        }
    }

    private static Method setter(Object builder, String name) {
        for (Method method : builder.getClass().getMethods()) {
            if (method.getName().equals(name) && method.getParameterCount() == 1) {
                return method;
            }
        }
        throw new AssertionError(builder.getClass() + " has no setter " + name);
    }

    private static void assign(Object components, String name, Object value) {
        try {
            components.getClass().getField(name).set(components, value);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(components.getClass() + " has no field " + name, e);
        }
    }
}
