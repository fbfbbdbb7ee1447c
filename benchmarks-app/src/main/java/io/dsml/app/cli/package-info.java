/** The subcommands of {@code dsml}: one class per command, options shared through mixins. */
package io.dsml.app.cli;
