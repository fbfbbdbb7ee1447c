package io.dsml.core.config;

import java.util.Map;

/**
 * Which dataset and split protocol an experiment uses.
 *
 * @param name the registered dataset name, e.g. {@code fashion-mnist}
 * @param split the split protocol, e.g. {@code classification} or {@code retrieval}
 * @param dataDir where the files are; {@code null} to search the dataset's default locations
 * @param params dataset options, checked against the provider's declared specs
 */
public record DatasetConfig(String name, String split, String dataDir, Map<String, Object> params) {
    public DatasetConfig {
        split = split == null ? "classification" : split;
        params = params == null
                ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
    }
}
