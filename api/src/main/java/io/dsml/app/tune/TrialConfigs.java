package io.dsml.app.tune;

import io.dsml.core.config.ComponentConfig;
import io.dsml.core.config.ConfigLoader;
import io.dsml.core.config.ExperimentConfig;
import io.dsml.core.config.TuneConfig;
import io.dsml.core.run.RunStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The experiment a trial runs: the tuned experiment narrowed to one loss, with the trial's values
 * set as {@code --set} would set them ({@code params.X} being the loss's own {@code X}), and
 * validated like a config file.
 */
final class TrialConfigs {
    private TrialConfigs() {}

    /**
     * @param loss the loss tuned, one of {@code base}'s
     * @param values the trial's value of each searched key path
     * @param seeds the seeds its cells train with
     * @param source how to name the experiment in messages
     * @param measureTest whether its cells are measured on the test split: never for a trial,
     *     which is scored on held-out training classes alone; always for the final comparison
     */
    static ExperimentConfig of(
            ExperimentConfig base,
            ComponentConfig loss,
            Map<String, Object> values,
            List<Long> seeds,
            String source,
            boolean measureTest) {
        // Labelled as in the tuned experiment, so that the trial's values stay out of its cells'
        // ids and every run of the loss (trials, final) is one row under one name.
        ComponentConfig labelled =
                new ComponentConfig(loss.name(), loss.displayName(), loss.params(), loss.normalizeEmbedding());
        ExperimentConfig narrowed = base.with(c -> {
            c.losses = List.of(labelled);
            c.seeds = seeds;
            c.tune = null;
            c.evaluation = base.evaluation().withBaseline(null).withMeasureTest(measureTest);
        });
        ConfigLoader loader = new ConfigLoader();
        List<String> overrides = new ArrayList<>();
        values.forEach((key, value) -> overrides.add(keyPath(key) + "=" + yamlScalar(value)));
        byte[] yaml = loader.toYaml(narrowed).getBytes(StandardCharsets.UTF_8);
        return loader.load(source, new ByteArrayInputStream(yaml), overrides);
    }

    /**
     * The configuration a trial directory already holds, when it is {@code trial} as a dsml
     * before {@code evaluation.measure_test} wrote it (measuring the test split, which changes no
     * trained value): a search started then resumes as it was, instead of being refused as
     * another configuration. Otherwise {@code trial}; any other difference is still refused where
     * the run directory is shared.
     */
    static ExperimentConfig asRecorded(Path trialDir, ExperimentConfig trial) {
        Path file = trialDir.resolve(RunStore.CONFIG);
        if (!Files.isRegularFile(file)) {
            return trial;
        }
        ExperimentConfig measuring =
                trial.with(c -> c.evaluation = trial.evaluation().withMeasureTest(true));
        try {
            return Files.readString(file).equals(new ConfigLoader().toYaml(measuring)) ? measuring : trial;
        } catch (IOException e) {
            return trial; // unreadable: the run directory's own check names the file
        }
    }

    private static String keyPath(String key) {
        return key.startsWith(TuneConfig.LOSS_PARAMS) ? "losses[0]." + key : key;
    }

    /** The value as YAML reads it back: plain decimals (never 1.0E-4, which YAML 1.1 reads as text). */
    static String yamlScalar(Object value) {
        if (value instanceof Double || value instanceof Float) {
            return BigDecimal.valueOf(((Number) value).doubleValue()).toPlainString();
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return "\"" + value.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
