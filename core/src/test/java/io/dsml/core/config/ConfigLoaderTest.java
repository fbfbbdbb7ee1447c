package io.dsml.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsml.core.error.DsmlException;
import io.dsml.core.error.UserInput;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private static final String BASE = """
            name: demo
            dataset: {name: fashion-mnist-quickstart}
            backbones: [{name: conv-2}]
            losses:
              - name: vmf
                params: {kappa: 16}
              - name: softmax
            training: {epochs: 3, batch_size: 64}
            """;

    private static ExperimentConfig load(String yaml, String... overrides) {
        return new ConfigLoader()
                .load("test.yaml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), List.of(overrides));
    }

    /** The copies a run makes of its config (--data-dir, --baseline) keep the engine it names. */
    @Test
    void copiesOfTheConfigKeepItsEngine() {
        ExperimentConfig config = load(BASE, "engine=pytorch");
        assertThat(config.engine()).isEqualTo("pytorch");
        assertThat(config.withDataDir(Path.of("data")).engine()).isEqualTo("pytorch");
        assertThat(config.withBaseline("softmax").engine()).isEqualTo("pytorch");
    }

    @Test
    void bindsSnakeCaseKeysAndFillsDefaults() {
        ExperimentConfig config = load(BASE);
        assertThat(config.training().epochs()).isEqualTo(3);
        assertThat(config.training().batchSize()).isEqualTo(64);
        assertThat(config.training().optimizer()).isEqualTo(TrainingConfig.Optimizer.ADAM);
        assertThat(config.embedding().dim()).isEqualTo(64);
        assertThat(config.dataset().split()).isEqualTo("classification");
        assertThat(config.seeds()).containsExactly(1L);
        assertThat(config.losses().get(0).params()).containsEntry("kappa", 16);
    }

    /** An absent section, an empty one and keys with empty values all bind to the defaults. */
    @Test
    void bindsAbsentAndEmptyValuesToTheDefaults() {
        String section = "training: {epochs: 3, batch_size: 64}\n";
        assertThat(load(BASE.replace(section, "")).training()).isEqualTo(TrainingConfig.defaults());
        assertThat(load(BASE.replace(section, "training: {}\n")).training()).isEqualTo(TrainingConfig.defaults());
        assertThat(load(BASE.replace(section, "training: {epochs: , optimizer: , devices: , schedule: }\n"))
                        .training())
                .isEqualTo(TrainingConfig.defaults());
        assertThat(load(BASE).evaluation()).isEqualTo(EvaluationConfig.defaults());
    }

    @Test
    void bindsEveryChoiceFromItsKey() {
        for (TrainingConfig.Optimizer optimizer : TrainingConfig.Optimizer.values()) {
            assertThat(load(BASE, "training.optimizer=" + optimizer.key())
                            .training()
                            .optimizer())
                    .isEqualTo(optimizer);
        }
        for (ScheduleConfig.Shape shape : ScheduleConfig.Shape.values()) {
            assertThat(load(BASE, "training.schedule.name=" + shape.key())
                            .training()
                            .schedule()
                            .name())
                    .isEqualTo(shape);
        }
    }

    @Test
    void trainingDevicesIsAListThatSetCanGive() {
        assertThat(load(BASE).training().devices())
                .as("default: the engine's devices")
                .isEmpty();
        assertThat(load(BASE, "training.devices=[cpu(0), cpu(1)]").training().devices())
                .containsExactly("cpu(0)", "cpu(1)");
        assertThat(load(BASE, "training.devices=[gpu(0), gpu(1)]").training().devices())
                .containsExactly("gpu(0)", "gpu(1)");
        assertThatThrownBy(() -> load(BASE, "training.devices=[cpu(0), tpu(1)]"))
                .isInstanceOf(DsmlException.class)
                .hasMessageContaining("training.devices[1]")
                .hasMessageContaining("tpu(1)");
        assertThatThrownBy(() -> load(BASE, "training.devices=[gpu(0), gpu(0)]"))
                .isInstanceOf(DsmlException.class)
                .hasMessageContaining("training.devices: a device is listed twice");
    }

    @Test
    void overridesNestedKeysAndListElements() {
        ExperimentConfig config =
                load(BASE, "training.epochs=7", "losses[0].params.kappa=20.5", "seeds=[1, 2]", "embedding.dim=128");
        assertThat(config.training().epochs()).isEqualTo(7);
        assertThat(config.losses().get(0).params()).containsEntry("kappa", 20.5);
        assertThat(config.seeds()).containsExactly(1L, 2L);
        assertThat(config.embedding().dim()).isEqualTo(128);
    }

    @Test
    void rejectsUnknownKeysWithTheirPath() {
        assertThatThrownBy(() -> load(BASE, "training.epoch=3"))
                .isInstanceOf(DsmlException.class)
                .hasMessageContaining("test.yaml: unknown key 'training.epoch'")
                .hasMessageContaining("epochs");
    }

    @Test
    void rejectsWrongTypesWithTheirPath() {
        assertThatThrownBy(() -> load(BASE, "training.epochs=many"))
                .isInstanceOf(DsmlException.class)
                .hasMessageContaining("'training.epochs'");
    }

    @Test
    void bindsTheRetrievalRecipeAndChecksIt() {
        ExperimentConfig config = load(
                BASE,
                "training.optimizer=adamw",
                "training.schedule.name=step",
                "training.schedule.milestones=[1, 2]",
                "training.lr_multipliers.loss=100",
                "training.head_only_epochs=1");
        assertThat(config.training().schedule().milestones()).containsExactly(1, 2);
        assertThat(config.training().lrMultipliers()).containsEntry("loss", 100.0);
        assertThat(config.training().headOnlyEpochs()).isEqualTo(1);
        assertThatThrownBy(() -> load(BASE, "training.schedule.name=linear"))
                .hasMessage("test.yaml: training.schedule.name: must be one of [constant, step, cosine]");
        assertThatThrownBy(() -> load(BASE, "training.lr_multipliers.proxies=100"))
                .hasMessage("test.yaml: training.lr_multipliers.proxies: unknown parameter group; valid: "
                        + "[backbone, head, loss]");
        assertThatThrownBy(() -> load(BASE, "training.schedule.milestones=[3]"))
                .hasMessageContaining("training.schedule.milestones");
        assertThatThrownBy(() -> load(BASE, "training.head_only_epochs=3"))
                .hasMessageContaining("training.head_only_epochs: must be in [0, training.epochs)");
    }

    /**
     * Probes are diagnostics: at their default the key is absent from the written config.yaml (so
     * runs written before it existed resume against an identical file), and at any value they leave
     * the fingerprint that binds checkpoints unchanged.
     */
    @Test
    void probesPerEpochIsOmittedAtItsDefaultAndLeftOutOfTheFingerprint() {
        ExperimentConfig plain = load(BASE);
        ExperimentConfig probed = load(BASE, "evaluation.probes_per_epoch=4");
        assertThat(probed.evaluation().probesPerEpoch()).isEqualTo(4);
        assertThat(new ConfigLoader().toYaml(plain)).doesNotContain("probes_per_epoch");
        assertThat(new ConfigLoader().toYaml(probed)).contains("probes_per_epoch: 4");
        assertThat(ConfigFingerprint.of(probed)).isEqualTo(ConfigFingerprint.of(plain));
        assertThatThrownBy(() -> load(BASE, "evaluation.probes_per_epoch=-1"))
                .hasMessage("test.yaml: evaluation.probes_per_epoch: must be >= 0");
    }

    /**
     * Whether the test split is measured shapes no training: at its default the key is absent from
     * config.yaml (runs written before it existed resume against an identical file), off it is
     * written and read back, and either way the fingerprint is the same. Off, it needs held-out
     * training classes to measure instead, and probes (which measure the test split) are refused.
     */
    @Test
    void measureTestIsOmittedAtItsDefaultLeftOutOfTheFingerprintAndNeedsHeldOutClassesWhenOff() {
        ExperimentConfig measured = load(BASE, "evaluation.folds=2");
        ExperimentConfig unmeasured = load(BASE, "evaluation.folds=2", "evaluation.measure_test=false");
        assertThat(measured.evaluation().measureTest()).isTrue();
        assertThat(unmeasured.evaluation().measureTest()).isFalse();
        String written = new ConfigLoader().toYaml(unmeasured);
        assertThat(new ConfigLoader().toYaml(measured)).doesNotContain("measure_test");
        assertThat(written).contains("measure_test: false");
        assertThat(load(written).evaluation().measureTest()).isFalse();
        assertThat(unmeasured.evaluation().withMeasureTest(true)).isEqualTo(measured.evaluation());
        assertThat(ConfigFingerprint.of(unmeasured)).isEqualTo(ConfigFingerprint.of(measured));
        assertThatThrownBy(() -> load(BASE, "evaluation.measure_test=false"))
                .hasMessageStartingWith("test.yaml: evaluation.measure_test: false leaves nothing to measure");
        assertThatThrownBy(() -> load(
                        BASE, "evaluation.folds=2", "evaluation.measure_test=false", "evaluation.probes_per_epoch=4"))
                .hasMessageStartingWith("test.yaml: evaluation.probes_per_epoch: probes measure the test split");
        // a copy with another baseline keeps the choice
        assertThat(unmeasured.withBaseline("softmax").evaluation().measureTest())
                .isFalse();
    }

    @Test
    void rejectsInvalidValuesWithTheirPath() {
        assertThatThrownBy(() -> load(BASE, "training.epochs=0"))
                .hasMessage("test.yaml: training.epochs: must be >= 1");
        // every word that is not an optimizer's, whatever YAML type it was written as
        for (String word : List.of("rmsprop", "ADAM", "3", "true")) {
            assertThatThrownBy(() -> load(BASE, "training.optimizer=" + word))
                    .hasMessage("test.yaml: training.optimizer: must be one of [adam, adamw, sgd]");
        }
        assertThatThrownBy(() -> load(BASE, "training.learning_rate=-1"))
                .hasMessageContaining("training.learning_rate: must be > 0");
    }

    @Test
    void rejectsMalformedOverridesAndYaml() {
        assertThatThrownBy(() -> load(BASE, "no-equals-sign")).hasMessageContaining("expected key.path=value");
        assertThatThrownBy(() -> load(BASE, "losses[5].name=x")).hasMessageContaining("no list element [5]");
        assertThatThrownBy(() -> load("name: [unclosed")).hasMessageContaining("test.yaml: not valid YAML");
        assertThatThrownBy(() -> load("- a list")).hasMessageContaining("must be a YAML mapping");
    }

    @Test
    void reportsAMissingFile(@TempDir Path dir) {
        assertThatThrownBy(() -> new ConfigLoader().load(dir.resolve("nope.yaml"), List.of()))
                .isInstanceOf(DsmlException.class)
                .hasMessageEndingWith("nope.yaml: no such config file");
    }

    @Test
    void roundTripsThroughYaml(@TempDir Path dir) throws Exception {
        ConfigLoader loader = new ConfigLoader();
        ExperimentConfig config = load(BASE, "seeds=[3]");
        Path file = dir.resolve("resolved.yaml");
        Files.writeString(file, loader.toYaml(config));
        assertThat(loader.load(file, List.of())).isEqualTo(config);
    }

    @Test
    void rejectsRepeatedKeys() {
        assertThatThrownBy(() -> load("name: a\nname: b\n" + BASE.substring(BASE.indexOf('\n') + 1)))
                .isInstanceOf(DsmlException.class)
                .hasMessage("test.yaml: not valid YAML: key 'name' appears twice in one mapping (line 2)");
        assertThatThrownBy(() -> load(BASE.replace("batch_size: 64", "batch_size: 64, epochs: 4")))
                .hasMessageContaining("key 'epochs' appears twice");
    }

    @Test
    void rejectsFractionsForIntegersInsteadOfTruncating() {
        assertThatThrownBy(() -> load(BASE, "training.epochs=2.9"))
                .hasMessage("test.yaml: invalid value at 'training.epochs': expected an integer, got 2.9");
        assertThatThrownBy(() -> load(BASE.replace("epochs: 3", "epochs: 2.9")))
                .hasMessage("test.yaml: invalid value at 'training.epochs': expected an integer, got 2.9");
    }

    @Test
    void rejectsAnEmptySeedListAndEmptyRecallAt() {
        assertThatThrownBy(() -> load(BASE, "seeds=[]"))
                .hasMessage("test.yaml: seeds: at least one seed (one cell per seed)");
        assertThatThrownBy(() -> load(BASE, "evaluation.recall_at=[]"))
                .hasMessage("test.yaml: evaluation.recall_at: at least one K when the metrics include recall");
        assertThat(load(BASE).seeds()).containsExactly(1L); // absent still means [1]
    }

    @Test
    void rejectsNullAndEmptyOverridesNamingKeyAndFile() {
        assertThatThrownBy(() -> load(BASE, "training.epochs=null"))
                .hasMessage("test.yaml: config override training.epochs=null: 'training.epochs' needs a value (null "
                        + "would silently mean the default; leave the config override out for that)")
                .isInstanceOfSatisfying(
                        DsmlException.class,
                        e -> assertThat(e.message(kind -> "--set"))
                                .isEqualTo(
                                        "test.yaml: --set training.epochs=null: 'training.epochs' needs a value (null would "
                                                + "silently mean the default; leave the --set out for that)"));
        assertThatThrownBy(() -> load(BASE, "training.epochs="))
                .hasMessageContaining("'training.epochs' needs a value");
        assertThatThrownBy(() -> load(BASE, "training.epochs=~")).hasMessageContaining("needs a value");
    }

    @Test
    void rejectsHugeListIndexes() {
        assertThatThrownBy(() -> load(BASE, "losses[99999999999].name=vmf"))
                .isInstanceOf(DsmlException.class)
                .hasMessage("config override losses[99999999999].name=vmf: no list element [99999999999] (the list "
                        + "has 2)")
                .isInstanceOfSatisfying(
                        DsmlException.class,
                        e -> assertThat(e.input())
                                .contains(
                                        new UserInput(UserInput.Kind.CONFIG_OVERRIDE, "losses[99999999999].name=vmf")));
        assertThatThrownBy(() -> load(BASE, "losses[99999999999]={name: vmf}"))
                .hasMessage(
                        "config override losses[99999999999]={name: vmf}: index 99999999999 is past the end of the list");
    }

    @Test
    void rejectsFloat32OverflowsInTrainingSettings() {
        assertThatThrownBy(() -> load(BASE, "training.weight_decay=1e39"))
                .hasMessageStartingWith("test.yaml: training.weight_decay: must be >= 0 and at most");
        assertThatThrownBy(() -> load(BASE, "training.weight_decay=1e400"))
                .hasMessageStartingWith("test.yaml: training.weight_decay: must be >= 0 and at most");
        assertThatThrownBy(() -> load(BASE, "training.learning_rate=1e39"))
                .hasMessageStartingWith("test.yaml: training.learning_rate: must be at most");
    }

    @Test
    void explainsTypeMismatchesWithoutJacksonVocabulary() {
        assertThatThrownBy(() -> load(BASE.replace("- name: softmax", "- softmax")))
                .hasMessage("test.yaml: invalid value at 'losses[1]': expected a mapping (key: value), got 'softmax'");
        assertThatThrownBy(() -> load(BASE, "training=5"))
                .hasMessage("test.yaml: invalid value at 'training': expected a mapping (key: value), got 5");
        assertThatThrownBy(() -> load(BASE, "seeds=x"))
                .hasMessage("test.yaml: invalid value at 'seeds': expected a list, got 'x'");
        assertThatThrownBy(() -> load(BASE, "training.optimizer=[adam]"))
                .hasMessage("test.yaml: invalid value at 'training.optimizer': expected a text value, got a list");
        assertThatThrownBy(() -> load(BASE, "training.schedule.name={a: 1}"))
                .hasMessage(
                        "test.yaml: invalid value at 'training.schedule.name': expected a text value, got a mapping");
    }

    @Test
    void reportsTextThatIsNotUtf8() {
        byte[] bytes = {'n', 'a', 'm', 'e', ':', ' ', 'x', (byte) 0xff, (byte) 0xfe, '\n'};
        assertThatThrownBy(() -> new ConfigLoader().load("bad.yaml", new ByteArrayInputStream(bytes), List.of()))
                .hasMessage("bad.yaml: not valid YAML: the file is not UTF-8 text (line 1)");
    }
}
