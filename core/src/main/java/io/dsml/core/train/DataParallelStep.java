package io.dsml.core.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import io.dsml.core.model.Scalars;
import io.dsml.core.model.ScopedForward;
import io.dsml.core.model.TrainingBlock;
import io.dsml.core.train.optim.ResumableOptimizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One training step with the batch split over several devices (data parallelism), arranged so
 * that it computes what one device computes on the whole batch:
 *
 * <ol>
 *   <li>Replica i runs the embedding network on slice i of the batch, with its own copy of the
 *       network's parameters. Replica 0's copy is the model's own parameters.
 *   <li>The embeddings are gathered, in batch order, onto the first device, and the loss runs
 *       once on the whole batch there (as pytorch-metric-learning users do with {@code
 *       all_gather}): pair losses mine among all B samples, vMF accumulators and centre updates
 *       see every sample once, and the loss's class state (vMF means, centres, proxies, classifier
 *       weights) has a single copy. Autograd carries the gradient back through the copies.
 *   <li>Each trainable parameter's gradient is the sum of its replicas' gradients; the optimizer
 *       updates the first device's copy once (so its step count advances once per step and its
 *       moments have one copy), and the result is copied to the other replicas.
 *   <li>BatchNorm running statistics, which each replica updated from its own slice, are replaced
 *       by their mean over replicas, so every replica holds the same values. For equal slices
 *       that makes the running mean the one of the whole batch; the running variance becomes the
 *       mean of the slice variances, which lacks the spread between slice means.
 * </ol>
 *
 * <p>So every replica's state equals the first device's after each step, and a checkpoint of the
 * model's own parameters and the optimizer's single state is the whole state, whatever the number
 * of devices: it resumes on any number. What does not reproduce one device: a network with
 * BatchNorm in training mode normalises each slice with that slice's statistics.
 */
final class DataParallelStep {
    private final TrainingBlock block;
    private final ResumableOptimizer optimizer;
    private final TrainingDevices devices;
    private final List<ParameterStore> stores = new ArrayList<>();
    /** Per replica i &gt;= 1: parameter id to that replica's copy. */
    private final List<Map<String, NDArray>> copies = new ArrayList<>();

    private final List<Parameter> trainable;
    private final List<Parameter> statistics;

    /**
     * Copies the embedding network's current parameters to every other replica: call it once the
     * parameters hold their initial or restored values.
     *
     * @param manager owns the replicas' copies (closed with the trainer)
     */
    DataParallelStep(TrainingBlock block, ResumableOptimizer optimizer, TrainingDevices devices, NDManager manager) {
        this.block = block;
        this.optimizer = optimizer;
        this.devices = devices;
        this.trainable = block.getParameters().values().stream()
                .filter(Parameter::requiresGradient)
                .toList();
        this.statistics = block.embedder().getParameters().values().stream()
                .filter(p -> p.getType() == Parameter.Type.RUNNING_MEAN || p.getType() == Parameter.Type.RUNNING_VAR)
                .toList();
        stores.add(new ReplicaStore(manager, null, 0));
        for (int i = 1; i < devices.count(); i++) {
            Map<String, NDArray> replica = new LinkedHashMap<>();
            for (Parameter p : block.embedder().getParameters().values()) {
                NDArray copy = separateCopy(p.getArray(), devices.devices().get(i));
                copy.attach(manager);
                if (p.requiresGradient()) {
                    copy.setRequiresGradient(true);
                }
                replica.put(p.getId(), copy);
            }
            copies.add(replica);
            stores.add(new ReplicaStore(manager, replica, i));
        }
    }

    /**
     * Forward, backward and update of one batch.
     *
     * @param scope the batch's manager; every intermediate is freed with it
     * @param images the batch on the first device
     * @param labels int32 labels on the first device
     * @return the batch's loss
     */
    float step(Trainer trainer, NDManager scope, NDArray images, NDArray labels) {
        Device primary = devices.primary();
        NDList slices = images.split(cuts(images.getShape().get(0), devices.count()));
        float loss;
        try (GradientCollector collector = trainer.newGradientCollector()) {
            NDList gathered = new NDList();
            for (int i = 0; i < devices.count(); i++) {
                NDArray slice = i == 0
                        ? slices.get(0)
                        : slices.get(i).toDevice(devices.devices().get(i), true);
                NDArray embeddings = ScopedForward.forward(block.embedder(), stores.get(i), new NDList(slice), true)
                        .head();
                gathered.add(i == 0 ? embeddings : embeddings.toDevice(primary, true));
            }
            NDArray all = NDArrays.concat(gathered, 0);
            NDArray value = block.loss()
                    .forward(stores.get(0), new NDList(all, labels), true)
                    .head();
            collector.backward(value);
            loss = value.getFloat();
        }
        update(primary);
        averageStatistics(scope, primary);
        return loss;
    }

    /**
     * A copy of {@code array} on {@code device} that shares no memory with it. PyTorch has a single
     * CPU device: its move from cpu(0) to cpu(1) returns a view of the same tensor, copy flag or
     * not, and a replica sharing the model's arrays would fold its BatchNorm statistics into the
     * model's a second time.
     */
    private static NDArray separateCopy(NDArray array, Device device) {
        NDArray moved = array.toDevice(device, true);
        if (!moved.getDevice().equals(array.getDevice())) {
            return moved;
        }
        NDArray copy = array.duplicate();
        if (moved != array) {
            moved.close();
        }
        return copy;
    }

    /** Slice boundaries: replica i gets rows [n i / k, n (i + 1) / k). */
    static long[] cuts(long n, int k) {
        long[] cuts = new long[k - 1];
        for (int i = 1; i < k; i++) {
            cuts[i - 1] = n * i / k;
        }
        return cuts;
    }

    /** Sums the replicas' gradients into the first, updates it once, and broadcasts the result. */
    private void update(Device primary) {
        for (Parameter parameter : trainable) {
            NDArray weight = parameter.getArray();
            try (NDArray gradient = weight.getGradient()) {
                for (Map<String, NDArray> replica : copies) {
                    NDArray copy = replica.get(parameter.getId());
                    if (copy != null) {
                        try (NDArray theirs = copy.getGradient();
                                NDArray moved = theirs.toDevice(primary, true)) {
                            gradient.addi(moved);
                            // PyTorch adds each backward pass to the gradient (its fused update
                            // clears only the weight it updates); MXNet overwrites. Clear it.
                            theirs.subi(theirs);
                        }
                    }
                }
                optimizer.update(parameter.getId(), weight, gradient);
            }
            for (Map<String, NDArray> replica : copies) {
                NDArray copy = replica.get(parameter.getId());
                if (copy != null) {
                    copyInto(weight, copy);
                }
            }
        }
    }

    /**
     * Sets every replica's running statistics to their mean, written as {@code first + sum (copy -
     * first) / k} so that statistics nobody changed (frozen BatchNorm) stay bit for bit the same.
     */
    private void averageStatistics(NDManager scope, Device primary) {
        if (copies.isEmpty()) {
            return;
        }
        try (NDManager temporary = scope.newSubManager()) {
            for (Parameter parameter : statistics) {
                NDArray first = parameter.getArray();
                NDArray spread = first.zerosLike();
                spread.attach(temporary);
                for (Map<String, NDArray> replica : copies) {
                    NDArray moved = replica.get(parameter.getId()).toDevice(primary, true);
                    moved.attach(temporary);
                    spread.addi(moved.sub(first));
                }
                NDArray mean = first.add(Scalars.div(spread, devices.count()));
                mean.attach(temporary);
                copyInto(mean, first);
                for (Map<String, NDArray> replica : copies) {
                    copyInto(first, replica.get(parameter.getId()));
                }
            }
        }
    }

    /** Replica {@code replica}'s array of {@code parameter} (the model's own for replica 0). */
    NDArray valueOn(int replica, Parameter parameter) {
        return stores.get(replica).getValue(parameter, devices.devices().get(replica), false);
    }

    private static void copyInto(NDArray from, NDArray to) {
        if (from.getDevice().equals(to.getDevice())) {
            from.copyTo(to);
        } else {
            try (NDArray moved = from.toDevice(to.getDevice(), true)) {
                moved.copyTo(to);
            }
        }
    }

    /**
     * What the blocks read their parameters from on one replica. The first replica reads the
     * model's own arrays; the others their copies, whatever device the caller names (DJL has one
     * CPU device, so the device cannot tell two CPU replicas apart).
     */
    private static final class ReplicaStore extends ParameterStore {
        private final Map<String, NDArray> replica;
        private final int index;

        ReplicaStore(NDManager manager, Map<String, NDArray> replica, int index) {
            super(manager, false);
            this.replica = replica;
            this.index = index;
        }

        @Override
        public NDArray getValue(Parameter parameter, Device device, boolean training) {
            if (parameter == null || replica == null) {
                return parameter == null ? null : parameter.getArray();
            }
            NDArray copy = replica.get(parameter.getId());
            if (copy == null) {
                throw new IllegalStateException("replica " + index + " has no copy of " + parameter.getName()
                        + ": only the embedding network is replicated, the loss runs on the first device");
            }
            return copy;
        }
    }
}
