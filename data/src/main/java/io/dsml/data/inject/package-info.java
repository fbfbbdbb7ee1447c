/** The data module's Guice module, which registers every built-in dataset and sampler by name. */
package io.dsml.data.inject;
