/** The losses module's Guice module, which registers every built-in loss by name. */
package io.dsml.losses.inject;
