/**
 * Experiment configuration: immutable records bound from snake_case YAML by {@link
 * io.dsml.core.config.ConfigLoader}, with {@code --set key.path=value} overrides and validation
 * that names the key path at fault.
 */
package io.dsml.core.config;
