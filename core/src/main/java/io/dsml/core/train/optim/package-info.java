/**
 * Optimizers whose state can be checkpointed and restored exactly (DJL's keep theirs private):
 * Adam and SGD with momentum, on the engine's fused update operators.
 */
package io.dsml.core.train.optim;
