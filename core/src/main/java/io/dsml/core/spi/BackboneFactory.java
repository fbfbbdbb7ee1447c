package io.dsml.core.spi;

import ai.djl.nn.Block;
import io.dsml.core.params.ParamSpec;
import io.dsml.core.params.Params;
import java.util.List;

/**
 * Creates a backbone network by registered name. A backbone maps images [B, C, H, W] to feature
 * vectors [B, F]; the core's embedding head maps those to the embedding.
 */
public interface BackboneFactory {

    /** The registered name, e.g. {@code conv-2}. */
    String name();

    /** One line for {@code dsml backbones list}. */
    String description();

    /** The hyperparameters, with defaults and valid ranges. */
    List<ParamSpec> params();

    /**
     * Creates the network.
     *
     * @param params values resolved against {@link #params()}
     * @param input the shape of one input image
     * @throws io.dsml.core.error.DsmlException if the input is too small for the architecture
     */
    Block create(Params params, ImageShape input);
}
