package io.dsml.core.tune;

/** How a numeric range is searched: uniformly in its values, or uniformly in their logarithm. */
public enum Scale {
    /** Uniform in the value: right for margins, weights, fractions. */
    LINEAR,
    /** Uniform in the logarithm: right for learning rates, weight decays, scales spanning decades. */
    LOG
}
