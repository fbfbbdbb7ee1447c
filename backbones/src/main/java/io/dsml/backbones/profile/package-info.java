/**
 * Parameter counts and forward FLOPs of a network, measured by walking its initialised block
 * tree: what {@code dsml backbones list} prints.
 */
package io.dsml.backbones.profile;
