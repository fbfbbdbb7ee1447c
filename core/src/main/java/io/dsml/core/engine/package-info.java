/**
 * Which DJL engine dsml runs networks on. One build holds both engines (MXNet with its CPU natives,
 * PyTorch with its JNI bridge and CPU natives); {@link io.dsml.core.engine.EngineSelection} picks one
 * per command from the command line, the experiment's {@code engine:}, {@code DSML_ENGINE} or the
 * default (MXNet), and every NDManager, model and trainer created afterwards uses it.
 */
package io.dsml.core.engine;
