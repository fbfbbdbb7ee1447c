/**
 * Guice wiring: the core module declares the named component maps (losses, backbones, datasets,
 * samplers); each Maven module's own Guice module adds its components; {@link
 * io.dsml.core.inject.Registries} exposes them by name.
 */
package io.dsml.core.inject;
