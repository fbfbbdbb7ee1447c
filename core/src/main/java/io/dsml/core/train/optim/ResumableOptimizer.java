package io.dsml.core.train.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A DJL optimizer whose whole state (per-parameter step counts and moment arrays) can be saved and
 * restored, so a resumed run continues exactly where it stopped. DJL's own optimizers keep that
 * state private. The update rules call the same fused engine operators as DJL's {@code Adam} and
 * {@code Sgd}, so numbers match theirs.
 */
public abstract class ResumableOptimizer extends Optimizer implements AutoCloseable {
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Map<Device, NDArray>>> states = new ConcurrentHashMap<>();
    private final LearningRates rates;

    protected ResumableOptimizer(OptimizerBuilder<?> builder, LearningRates rates) {
        super(builder);
        this.rates = rates;
    }

    /** The per-parameter, per-step learning rates (schedule, group multipliers, frozen backbone). */
    public LearningRates rates() {
        return rates;
    }

    /**
     * Updates {@code weight} from {@code grad} unless the parameter is frozen at this step, in which
     * case neither the weight nor its step count or moments change.
     */
    @Override
    public final void update(String parameterId, NDArray weight, NDArray grad) {
        if (!rates.frozen(parameterId)) {
            apply(parameterId, weight, grad, rates.rate(parameterId));
        }
    }

    /** One update of {@code weight} at learning rate {@code rate}. */
    protected abstract void apply(String parameterId, NDArray weight, NDArray grad, float rate);

    /** Increments and returns the number of updates of {@code parameterId} (1 on the first). */
    protected int nextCount(String parameterId) {
        return counts.merge(parameterId, 1, Integer::sum);
    }

    /** How many updates {@code parameterId} has had: one per training step. */
    public int updates(String parameterId) {
        return counts.getOrDefault(parameterId, 0);
    }

    /** The state array {@code name} of a parameter on a device, zeros like the weight at first. */
    protected NDArray state(String name, String parameterId, NDArray weight) {
        Map<String, Map<Device, NDArray>> byParameter = states.computeIfAbsent(name, k -> new ConcurrentHashMap<>());
        return withDefaultState(byParameter, parameterId, weight.getDevice(), k -> weight.zerosLike());
    }

    /**
     * Frees the state arrays. DJL's {@code withDefaultState} detaches them from every manager, so
     * nothing else would, and a grid of cells in one JVM would keep every cell's moments.
     */
    @Override
    public void close() {
        states.values()
                .forEach(byParameter -> byParameter
                        .values()
                        .forEach(byDevice -> byDevice.values().forEach(NDArray::close)));
        states.clear();
    }

    /**
     * Writes counts and every state array, keyed by stable parameter names: DJL's parameter ids are
     * random per run. Each parameter has one copy of its state: dsml updates a parameter on one
     * device only, also when training on several (see {@code DataParallelStep}); state on several
     * devices could not be restored as it was, so it is refused.
     *
     * @param names parameter id to its name in the block tree
     */
    public void save(DataOutputStream out, Map<String, String> names) throws IOException {
        Map<String, Integer> sortedCounts = new TreeMap<>();
        counts.forEach((id, count) -> sortedCounts.put(names.get(id), count));
        out.writeInt(sortedCounts.size());
        for (Map.Entry<String, Integer> e : sortedCounts.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeInt(e.getValue());
        }
        Map<String, Map<String, Map<Device, NDArray>>> sortedStates = new TreeMap<>(states);
        out.writeInt(sortedStates.size());
        for (Map.Entry<String, Map<String, Map<Device, NDArray>>> byName : sortedStates.entrySet()) {
            Map<String, Map<Device, NDArray>> byParameter = new TreeMap<>();
            byName.getValue().forEach((id, arrays) -> byParameter.put(names.get(id), arrays));
            out.writeUTF(byName.getKey());
            out.writeInt(byParameter.size());
            for (Map.Entry<String, Map<Device, NDArray>> e : byParameter.entrySet()) {
                if (e.getValue().size() != 1) {
                    throw new IllegalStateException("optimizer state " + byName.getKey() + " of " + e.getKey()
                            + " has copies on " + e.getValue().keySet() + "; a checkpoint holds one");
                }
                out.writeUTF(e.getKey());
                byte[] bytes = e.getValue().values().iterator().next().encode();
                out.writeInt(bytes.length);
                out.write(bytes);
            }
        }
    }

    /**
     * Restores what {@link #save} wrote; arrays go to {@code manager}'s device.
     *
     * @param ids parameter name to its id in this run
     */
    public void load(DataInputStream in, NDManager manager, Map<String, String> ids) throws IOException {
        counts.clear();
        states.clear();
        int countEntries = in.readInt();
        for (int i = 0; i < countEntries; i++) {
            counts.put(id(ids, in.readUTF()), in.readInt());
        }
        int names = in.readInt();
        for (int i = 0; i < names; i++) {
            String name = in.readUTF();
            int parameters = in.readInt();
            Map<String, Map<Device, NDArray>> byParameter = new ConcurrentHashMap<>();
            for (int p = 0; p < parameters; p++) {
                String parameterId = id(ids, in.readUTF());
                byte[] bytes = io.dsml.core.files.ChecksummedFile.readBytes(in, "optimizer state of " + name);
                NDArray array = NDArray.decode(manager, bytes);
                Map<Device, NDArray> byDevice = new ConcurrentHashMap<>();
                byDevice.put(array.getDevice(), array);
                byParameter.put(parameterId, byDevice);
            }
            states.put(name, byParameter);
        }
    }

    private static String id(Map<String, String> ids, String name) throws IOException {
        String id = ids.get(name);
        if (id == null) {
            throw new IOException("checkpoint has optimizer state for unknown parameter " + name);
        }
        return id;
    }
}
