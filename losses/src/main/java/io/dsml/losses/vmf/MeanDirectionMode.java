package io.dsml.losses.vmf;

import java.util.Locale;

/** How the vMF loss obtains its class mean directions. */
public enum MeanDirectionMode {
    /**
     * The paper's algorithm: the normalised resultant of the embeddings of all training samples of
     * each class under the current network, recomputed before the first step and every period; no
     * gradient flows into the means.
     */
    GLOBAL,
    /**
     * Ours: per-class resultants accumulated from the embeddings of the training pass itself
     * (detached), published at the end of each epoch; no extra forward pass over the training set.
     * The first means come from a stratified sample of the training set ({@code
     * online_initial_per_class} per class, or one full pass if that is 0).
     */
    ONLINE,
    /** Ours, for ablations: means are parameters learned by gradient (normalised softmax). */
    LEARNED;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MeanDirectionMode parse(String key) {
        return valueOf(key.toUpperCase(Locale.ROOT));
    }
}
