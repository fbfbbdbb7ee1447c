/** Guice assembly of all dsml modules for the command line. */
package io.dsml.app.inject;
