/** The {@code dsml} command line's entry point. */
package io.dsml.app;
