package io.dsml.core.config;

import java.util.Map;
import java.util.TreeMap;

/**
 * A named pluggable component (loss or backbone) with its hyperparameters.
 *
 * @param name the registered name
 * @param label how the component appears in result tables; defaults to the name, plus the
 *     hyperparameters that were set, so two variants of one loss stay apart
 * @param params hyperparameters, checked against the component's declared {@code ParamSpec}s
 * @param normalizeEmbedding losses only: overrides {@code embedding.normalize} for this loss's
 *     cells (e.g. {@code false} for softmax on the unnormalised embedding, as the paper's
 *     baseline, next to losses on the hypersphere); unset: the experiment's setting
 */
public record ComponentConfig(String name, String label, Map<String, Object> params, Boolean normalizeEmbedding) {
    public ComponentConfig {
        params = params == null
                ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
    }

    /** Without an embedding-normalisation override. */
    public ComponentConfig(String name, String label, Map<String, Object> params) {
        this(name, label, params, null);
    }

    /** Whether this loss's cells normalise the embedding, given the experiment's setting. */
    public boolean normalizesEmbedding(boolean experimentDefault) {
        return normalizeEmbedding == null ? experimentDefault : normalizeEmbedding;
    }

    /** The label for tables: the given one, or the name with the explicitly set hyperparameters. */
    public String displayName() {
        if (label != null && !label.isBlank()) {
            return label;
        }
        String normalization = normalizeEmbedding == null
                ? ""
                : normalizeEmbedding ? "[normalised embedding]" : "[unnormalised embedding]";
        if (params.isEmpty()) {
            return name + normalization;
        }
        StringBuilder text = new StringBuilder(name).append('(');
        new TreeMap<>(params)
                .forEach((k, v) -> text.append(k).append('=').append(v).append(','));
        text.setCharAt(text.length() - 1, ')');
        return text + normalization;
    }
}
