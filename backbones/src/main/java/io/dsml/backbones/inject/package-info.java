/** The backbones module's Guice module, which registers every built-in backbone by name. */
package io.dsml.backbones.inject;
