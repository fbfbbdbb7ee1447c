package io.dsml.core.spi;

import io.dsml.core.params.ParamSpec;
import io.dsml.core.params.Params;
import java.util.List;

/**
 * Creates a {@link MetricLoss} by registered name. Built-in losses are bound by name in the losses
 * module's Guice module; third-party losses implement this interface and list it in {@code
 * META-INF/services/io.dsml.core.spi.LossFactory} in their jar, and dsml finds them with {@link
 * java.util.ServiceLoader}.
 */
public interface LossFactory {

    /** The registered name used in configs and on the command line, e.g. {@code vmf}. */
    String name();

    /** One line for {@code dsml loss --list}. */
    String description();

    /** The hyperparameters, with defaults and valid ranges. */
    List<ParamSpec> params();

    /**
     * Creates the loss.
     *
     * @param params values resolved against {@link #params()}
     * @param shape the number of classes and embedding dimension of the experiment
     */
    MetricLoss create(Params params, LossShape shape);

    /** How a {@link Declared} factory builds its loss: {@link LossFactory#create}'s body. */
    @FunctionalInterface
    interface Creator {
        MetricLoss create(Params params, LossShape shape);
    }

    /**
     * A factory stated by its four parts in one constructor call, so that registering a loss is
     * its name, description, {@link ParamSpec} schema and how to build it, and nothing else:
     * {@code super("my-loss", "one line", List.of(ParamSpec.positive("scale", 8, "...")), (params,
     * shape) -> new MyLoss(params.getDouble("scale")))}.
     */
    abstract class Declared extends NamedComponent implements LossFactory {
        private final List<ParamSpec> params;
        private final Creator creator;

        protected Declared(String name, String description, List<ParamSpec> params, Creator creator) {
            super(name, description);
            this.params = List.copyOf(params);
            this.creator = creator;
        }

        @Override
        public final List<ParamSpec> params() {
            return params;
        }

        @Override
        public final MetricLoss create(Params params, LossShape shape) {
            return creator.create(params, shape);
        }
    }

    /**
     * Sizes a loss's per-class state.
     *
     * @param classes number of training classes (labels are dense in [0, classes))
     * @param embeddingDim embedding dimension d
     */
    record LossShape(int classes, int embeddingDim) {
        public LossShape {
            if (classes < 1 || embeddingDim < 1) {
                throw new IllegalArgumentException("classes and embeddingDim must be >= 1");
            }
        }
    }
}
