package io.dsml.core.config;

import io.dsml.core.engine.DsmlEngine;
import io.dsml.core.error.DsmlException;
import java.util.List;

/**
 * Checks the values of a bound {@link ExperimentConfig}: what Jackson's types cannot say (ranges,
 * required fields, allowed words). Component hyperparameters are checked later, against the
 * component's own specs, by the experiment runner.
 */
final class ConfigValidator {
    /** The parameter groups of {@code training.lr_multipliers}, in the order messages list them. */
    static final List<String> LR_GROUPS = List.of("backbone", "head", "loss");

    private ConfigValidator() {}

    static void validate(String source, ExperimentConfig c) {
        require(
                source,
                "name",
                c.name() != null && c.name().matches("[A-Za-z0-9_.-]+"),
                "required; letters, digits, '.', '_' and '-' only");
        String unsafe = io.dsml.core.files.PathComponent.problem(c.name());
        require(
                source,
                "name",
                unsafe == null,
                "names the run's directory, so it cannot be '" + c.name() + "' (" + unsafe + ")");
        if (c.engine() != null) {
            DsmlEngine.parse(c.engine(), source + ": engine");
        }
        require(source, "dataset", c.dataset() != null, "required");
        require(source, "dataset.name", c.dataset().name() != null, "required");
        require(source, "backbones", !c.backbones().isEmpty(), "at least one backbone is required");
        require(source, "losses", !c.losses().isEmpty(), "at least one loss is required");
        checkNames(source, "backbones", c.backbones());
        checkNames(source, "losses", c.losses());
        for (int i = 0; i < c.backbones().size(); i++) {
            require(
                    source,
                    "backbones[" + i + "].normalize_embedding",
                    c.backbones().get(i).normalizeEmbedding() == null,
                    "only a loss can override embedding.normalize");
        }
        require(source, "embedding.dim", c.embedding().dim() >= 1, "must be >= 1");
        TrainingConfig t = c.training();
        require(source, "training.epochs", t.epochs() >= 1, "must be >= 1");
        require(source, "training.batch_size", t.batchSize() >= 2, "must be >= 2");
        require(
                source,
                "training.learning_rate",
                t.learningRate() > 0 && Double.isFinite(t.learningRate()),
                "must be > 0");
        require(
                source,
                "training.learning_rate",
                fitsFloat(t.learningRate()),
                "must be at most " + Float.MAX_VALUE + " (the optimizer computes in float32)");
        require(
                source,
                "training.weight_decay",
                t.weightDecay() >= 0 && fitsFloat(t.weightDecay()),
                "must be >= 0 and at most " + Float.MAX_VALUE + " (the optimizer computes in float32)");
        require(source, "training.momentum", t.momentum() >= 0 && t.momentum() < 1, "must be in [0, 1)");
        require(
                source,
                "training.sampler",
                t.sampler() != null && !t.sampler().isBlank(),
                "required (a registered sampler: random, m-per-class, or a plugin's)");
        require(source, "training.samples_per_class", t.samplesPerClass() >= 1, "must be >= 1");
        require(source, "training.checkpoint_every_steps", t.checkpointEverySteps() >= 0, "must be >= 0");
        require(source, "training.max_steps_per_epoch", t.maxStepsPerEpoch() >= 0, "must be >= 0");
        validateRecipe(source, t);
        for (int i = 0; i < t.devices().size(); i++) {
            String device = t.devices().get(i);
            require(
                    source,
                    "training.devices[" + i + "]",
                    device != null
                            && TrainingConfig.DEVICE
                                    .matcher(device.trim().toLowerCase(java.util.Locale.ROOT))
                                    .matches(),
                    "'" + device + "' is not a device; write cpu(N) or gpu(N), e.g. [gpu(0), gpu(1)]");
        }
        require(
                source,
                "training.devices",
                t.devices().stream().map(String::trim).distinct().count()
                        == t.devices().size(),
                "a device is listed twice");
        EvaluationConfig e = c.evaluation();
        require(source, "evaluation.every_epochs", e.everyEpochs() >= 1, "must be >= 1");
        require(source, "evaluation.probes_per_epoch", e.probesPerEpoch() >= 0, "must be >= 0");
        require(
                source,
                "evaluation.folds",
                e.folds() == 0 || e.folds() >= 2,
                "must be 0 (no cross-validation) or at least 2 folds");
        require(
                source,
                "evaluation.folds",
                !e.crossValidates() || e.selectSplit() == null,
                "cross-validation chooses each fold's epoch on its own held-out classes; leave"
                        + " evaluation.select_split unset");
        require(
                source,
                "evaluation.measure_test",
                e.measureTest() || e.selects(),
                "false leaves nothing to measure: set evaluation.folds or evaluation.select_split, whose held-out"
                        + " training classes are then measured instead");
        require(
                source,
                "evaluation.probes_per_epoch",
                e.measureTest() || e.probesPerEpoch() <= 1,
                "probes measure the test split, which evaluation.measure_test: false leaves out");
        require(
                source,
                "evaluation.recall_at",
                e.recallAt().stream().allMatch(k -> k != null && k >= 1),
                "every K must be >= 1");
        require(source, "evaluation.metrics", !e.metrics().isEmpty(), "at least one metric");
        require(
                source,
                "evaluation.recall_at",
                !e.recallAt().isEmpty() || !e.metrics().contains("recall"),
                "at least one K when the metrics include recall");
        require(source, "seeds", !c.seeds().isEmpty(), "at least one seed (one cell per seed)");
        if (c.tune() != null) {
            validateTune(source, c.tune());
        }
    }

    private static void validateTune(String source, TuneConfig tune) {
        require(
                source,
                "tune.method",
                io.dsml.core.tune.SearchMethods.names().contains(tune.method()),
                "'" + tune.method() + "' is not one of " + io.dsml.core.tune.SearchMethods.names());
        require(source, "tune.trials", tune.trials() >= 1, "must be >= 1");
        require(source, "tune.parallel", tune.parallel() >= 1, "must be >= 1");
        require(source, "tune.startup_trials", tune.startupTrials() >= 2, "must be >= 2");
        try {
            tune.wallTimeBudget();
        } catch (DsmlException e) {
            throw new DsmlException(source + ": " + e.getMessage());
        }
    }

    /** Whether a value survives the conversion to float32 that the engine computes in. */
    private static boolean fitsFloat(double value) {
        return Double.isFinite(value) && Math.abs(value) <= Float.MAX_VALUE;
    }

    /** The schedule, per-group rates and head-only warm-up of the retrieval recipe. */
    private static void validateRecipe(String source, TrainingConfig t) {
        ScheduleConfig s = t.schedule();
        require(
                source,
                "training.schedule.warmup_epochs",
                Double.isFinite(s.warmupEpochs()) && s.warmupEpochs() >= 0 && s.warmupEpochs() <= t.epochs(),
                "must be in [0, training.epochs]");
        require(
                source,
                "training.schedule.gamma",
                Double.isFinite(s.gamma()) && s.gamma() > 0 && s.gamma() <= 1,
                "must be in (0, 1]");
        require(
                source,
                "training.schedule.milestones",
                s.milestones().stream().allMatch(m -> m != null && m >= 1 && m < t.epochs()),
                "every milestone must be an epoch in [1, training.epochs)");
        for (var e : t.lrMultipliers().entrySet()) {
            require(
                    source,
                    "training.lr_multipliers." + e.getKey(),
                    LR_GROUPS.contains(e.getKey()),
                    "unknown parameter group; valid: " + LR_GROUPS);
            require(
                    source,
                    "training.lr_multipliers." + e.getKey(),
                    e.getValue() != null && Double.isFinite(e.getValue()) && e.getValue() >= 0,
                    "must be a finite number >= 0");
        }
        require(
                source,
                "training.head_only_epochs",
                t.headOnlyEpochs() >= 0 && t.headOnlyEpochs() < t.epochs(),
                "must be in [0, training.epochs)");
    }

    private static void checkNames(String source, String key, List<ComponentConfig> components) {
        for (int i = 0; i < components.size(); i++) {
            ComponentConfig component = components.get(i);
            require(source, key + "[" + i + "].name", component.name() != null, "required");
            // A label is one cell of a table row and part of a cell's id: one line of text.
            boolean labelled = component.label() != null && !component.label().isBlank();
            String control = io.dsml.core.files.ControlCharacters.first(component.displayName());
            require(
                    source,
                    key + "[" + i + "]" + (labelled ? ".label" : ""),
                    control == null,
                    (labelled ? "the label" : "the label made of its name and params")
                            + " contains the control character " + control + "; labels are one line of text");
        }
    }

    private static void require(String source, String key, boolean ok, String message) {
        if (!ok) {
            throw new DsmlException(source + ": " + key + ": " + message);
        }
    }
}
