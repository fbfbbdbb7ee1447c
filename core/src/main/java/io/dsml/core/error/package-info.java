/**
 * The exception for expected failures that the user can fix (bad input, unknown names, a missing
 * environment), and the inputs it names, which each front end names its own way.
 */
package io.dsml.core.error;
