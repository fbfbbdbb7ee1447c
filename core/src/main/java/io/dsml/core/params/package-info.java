/**
 * Declared, validated hyperparameters of pluggable components: {@link io.dsml.core.params.ParamSpec}
 * declares one, {@link io.dsml.core.params.Params} holds resolved values.
 */
package io.dsml.core.params;
