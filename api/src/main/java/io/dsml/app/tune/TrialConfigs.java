package io.dsml.app.tune;

import io.dsml.core.config.ComponentConfig;
import io.dsml.core.config.ConfigLoader;
import io.dsml.core.config.ExperimentConfig;
import io.dsml.core.config.TuneConfig;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
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
     */
    static ExperimentConfig of(
            ExperimentConfig base, ComponentConfig loss, Map<String, Object> values, List<Long> seeds, String source) {
        // Labelled as in the tuned experiment, so that the trial's values stay out of its cells'
        // ids and every run of the loss (trials, final) is one row under one name.
        ComponentConfig labelled =
                new ComponentConfig(loss.name(), loss.displayName(), loss.params(), loss.normalizeEmbedding());
        ExperimentConfig narrowed = base.with(c -> {
            c.losses = List.of(labelled);
            c.seeds = seeds;
            c.tune = null;
            c.evaluation = base.evaluation().withBaseline(null);
        });
        ConfigLoader loader = new ConfigLoader();
        List<String> overrides = new ArrayList<>();
        values.forEach((key, value) -> overrides.add(keyPath(key) + "=" + yamlScalar(value)));
        byte[] yaml = loader.toYaml(narrowed).getBytes(StandardCharsets.UTF_8);
        return loader.load(source, new ByteArrayInputStream(yaml), overrides);
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
