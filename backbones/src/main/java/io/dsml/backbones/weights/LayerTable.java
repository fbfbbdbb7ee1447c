package io.dsml.backbones.weights;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * The source framework's name of every convolution and BatchNorm of one dsml backbone, in the
 * order dsml builds them: the table that maps a state_dict onto the network by name. Each
 * architecture writes its own next to its builder, so two tensors of the same shape cannot trade
 * places unnoticed (as they could if files were matched by order).
 *
 * <p>A convolution {@code NAME} owns {@code NAME.weight} (and {@code NAME.bias} when it has one);
 * a BatchNorm {@code NAME} owns {@code NAME.weight}, {@code NAME.bias}, {@code NAME.running_mean}
 * and {@code NAME.running_var}, PyTorch's names for DJL's gamma, beta, runningMean and runningVar.
 */
public final class LayerTable {
    /** What a layer is; checked against the DJL block that owns the parameters. */
    public enum Kind {
        CONV,
        BATCH_NORM
    }

    /** One layer: its name in the source state_dict and its kind. */
    public record Layer(String name, Kind kind) {}

    private final List<Layer> layers;

    private LayerTable(List<Layer> layers) {
        this.layers = List.copyOf(layers);
    }

    /** A builder: add layers in the order the dsml network has them. */
    public static Builder builder() {
        return new Builder();
    }

    public List<Layer> layers() {
        return layers;
    }

    /** Collects layers in order. */
    public static final class Builder {
        private final List<Layer> layers = new ArrayList<>();

        public Builder conv(String name) {
            layers.add(new Layer(name, Kind.CONV));
            return this;
        }

        public Builder batchNorm(String name) {
            layers.add(new Layer(name, Kind.BATCH_NORM));
            return this;
        }

        public LayerTable build() {
            return new LayerTable(layers);
        }
    }

    /**
     * The source name of every parameter of a network built by the architecture this table
     * describes, in the network's order.
     *
     * @param parameters the network's parameters ({@code Block.getParameters()}), paths ending in
     *     the DJL block class and parameter name, e.g. {@code 01SequentialBlock_01Conv2d_weight}
     * @throws IllegalStateException if the table and the network disagree (a bug in the table)
     */
    public List<Pair<Parameter, String>> assign(PairList<String, Parameter> parameters) {
        List<Pair<Parameter, String>> out = new ArrayList<>();
        int p = 0;
        for (Layer layer : layers) {
            List<String> suffixes = layer.kind() == Kind.CONV
                    ? List.of("weight", "bias")
                    : List.of("gamma", "beta", "runningMean", "runningVar");
            String owner = null;
            for (String suffix : suffixes) {
                if (p >= parameters.size()) {
                    break;
                }
                String path = parameters.get(p).getKey();
                Parameter parameter = parameters.get(p).getValue();
                String prefix = path.substring(
                        0, Math.max(0, path.length() - parameter.getName().length()));
                boolean sameOwner = owner == null || owner.equals(prefix);
                if (!parameter.getName().equals(suffix) || !sameOwner) {
                    break;
                }
                owner = prefix;
                out.add(new Pair<>(parameter, layer.name() + "." + torchName(suffix)));
                p++;
            }
            if (owner == null || !ownedBy(owner, layer.kind())) {
                throw new IllegalStateException("layer table out of step with the network at " + layer + ", parameter #"
                        + (p + 1)
                        + (p < parameters.size() ? " " + parameters.get(p).getKey() : " (none left)"));
            }
        }
        if (p != parameters.size()) {
            throw new IllegalStateException("layer table ends before parameter #" + (p + 1) + " "
                    + parameters.get(p).getKey());
        }
        return out;
    }

    /** Whether a parameter path prefix is a DJL Conv2d's, or a BatchNorm's (possibly in a FreezableBatchNorm). */
    private static boolean ownedBy(String prefix, Kind kind) {
        return kind == Kind.CONV
                ? prefix.endsWith("Conv2d_")
                : prefix.endsWith("BatchNorm_") || prefix.matches(".*FreezableBatchNorm_\\d+bn_");
    }

    private static String torchName(String djlName) {
        return switch (djlName) {
            case "gamma" -> "weight";
            case "beta" -> "bias";
            case "runningMean" -> "running_mean";
            case "runningVar" -> "running_var";
            default -> djlName;
        };
    }
}
