/** Batch samplers: which samples form each training batch. */
package io.dsml.data.sampler;
