package io.dsml.backbones.pretrained;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.dsml.backbones.weights.LayerTable;
import io.dsml.backbones.weights.SourceWeights;
import io.dsml.backbones.weights.WeightsImport;
import io.dsml.core.error.DsmlException;
import io.dsml.core.model.ScopedForward;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A backbone whose parameters come from a weights file once it is initialised: DJL's own format,
 * or a PyTorch/safetensors/npz state_dict mapped by name. Loading waits for
 * initialisation because only then do the parameters have shapes to check and the manager (the
 * trainer's model) that should own the arrays. Saved and loaded exactly like the wrapped network,
 * so a file saved from one backbone loads into the same backbone with or without weights.
 */
public final class PretrainedBlock extends AbstractBlock {
    private final Block net;
    private final Path weights;
    private final String arch;
    private final LayerTable names;

    /**
     * @param net the backbone
     * @param weights a DJL {@code .params} file (see {@link WeightsFile}), or a foreign state_dict
     *     (see {@link SourceWeights})
     * @param arch the backbone's name, for messages
     * @param names the architecture's layer names for foreign files, or {@code null} if it has none
     */
    public PretrainedBlock(Block net, Path weights, String arch, LayerTable names) {
        super((byte) 1);
        this.net = addChildBlock("net", net);
        this.weights = weights;
        this.arch = arch;
        this.names = names;
    }

    public Path weights() {
        return weights;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        // The wrapper adds no arrays of its own: run the net layer by layer, freeing each layer's
        // intermediates once used, as the network would be run without weights. (A plain forward
        // kept all of a ResNet-50's: 7 GiB resident to embed one batch of 32 at 224.)
        return ScopedForward.forward(net, parameterStore, inputs, training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return net.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        net.initialize(manager, dataType, inputShapes);
        if (!SourceWeights.isForeign(weights)) {
            WeightsFile.load(net, weights, manager, arch);
        } else if (names == null) {
            throw new DsmlException("weights " + weights + ": " + arch
                    + " has no published PyTorch layout to map a state_dict onto; give a DJL .params file"
                    + " (backbones/README.md, 'Which weights', says which backbone reads which file)");
        } else {
            WeightsImport.load(net, weights, names, arch);
        }
    }

    @Override
    public void saveParameters(DataOutputStream os) throws IOException {
        net.saveParameters(os);
    }

    @Override
    public void loadParameters(NDManager manager, DataInputStream is) throws IOException, MalformedModelException {
        net.loadParameters(manager, is);
    }
}
