package io.dsml.core.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.dsml.core.config.TrainingConfig;
import io.dsml.core.error.DsmlException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * The devices a batch is split over ({@code training.devices}): one <em>replica</em> per entry,
 * each with its own copy of the network, its own slice of the batch and its own BatchNorm
 * statistics; see {@link DataParallelStep}.
 *
 * <p>Entries are {@code cpu(N)} or {@code gpu(N)} ({@code cpu}, {@code gpu} and {@code gpuN} are
 * accepted too). DJL 0.36 has a single CPU device: {@code Device.of("cpu", n)} is the same device
 * for every n, so {@code [cpu(0), cpu(1)]} gives two replicas that both compute on MXNet's one CPU
 * context. That runs every line of the data-parallel path (slices, per-replica copies, gradient
 * reduction, one optimizer update, broadcast, statistics averaging) on the real engine, without
 * the cross-context copies and the parallelism that distinct GPUs add. Since {@code cpu(N)} names
 * a replica rather than a device, the CPU entries must be {@code cpu(0)} to {@code cpu(k-1)} for k
 * CPU replicas: {@code [cpu(99)]} names no device the engine has and is refused.
 *
 * @param names the entries as written, one per replica
 * @param devices the DJL device of each replica
 */
public record TrainingDevices(List<String> names, List<Device> devices) {
    public TrainingDevices {
        names = List.copyOf(names);
        devices = List.copyOf(devices);
    }

    /** Number of replicas. */
    public int count() {
        return devices.size();
    }

    /** The first replica's device: the model, the loss, the optimizer state and inference live there. */
    public Device primary() {
        return devices.get(0);
    }

    /**
     * Resolves {@code training.devices}; an empty list means the devices assigned to this thread
     * (a Spark task's GPUs, {@link AssignedDevices}) or else every device the engine reports.
     *
     * @throws DsmlException for a malformed, repeated or absent device
     */
    public static TrainingDevices resolve(List<String> configured) {
        Engine engine = Engine.getInstance();
        if (configured.isEmpty()) {
            List<Device> all = List.of(AssignedDevices.current()); // a Spark task's GPUs, else the engine's
            return new TrainingDevices(all.stream().map(TrainingDevices::name).toList(), all);
        }
        List<String> names = new ArrayList<>();
        List<Device> devices = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        long cpuReplicas = configured.stream()
                .filter(d -> d != null && d.trim().toLowerCase(Locale.ROOT).startsWith("cpu"))
                .count();
        for (int i = 0; i < configured.size(); i++) {
            String raw = configured.get(i) == null ? "" : configured.get(i).trim();
            Matcher m = TrainingConfig.DEVICE.matcher(raw.toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new DsmlException("training.devices[" + i + "]: '" + raw
                        + "' is not a device; write cpu(N) or gpu(N), e.g. [gpu(0), gpu(1)]");
            }
            String id = m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : "0";
            int index = Integer.parseInt(id);
            String name = m.group(1) + "(" + index + ")";
            if (!seen.add(name)) {
                throw new DsmlException("training.devices[" + i + "]: " + name + " is listed twice");
            }
            boolean gpu = m.group(1).equals("gpu");
            if (gpu && index >= engine.getGpuCount()) {
                throw new DsmlException("training.devices[" + i + "]: " + name + " but the " + engine.getEngineName()
                        + " engine sees " + engine.getGpuCount() + " GPU(s)"
                        + (engine.getGpuCount() == 0 ? " (is the engine's GPU native jar on the class path?)" : ""));
            }
            if (!gpu && index >= cpuReplicas) {
                throw new DsmlException("training.devices[" + i + "]: " + name + " but the " + engine.getEngineName()
                        + " engine has one CPU device; cpu(N) names the N-th replica on it, so " + cpuReplicas
                        + " CPU replica(s) are written "
                        + (cpuReplicas == 1 ? "cpu(0)" : "cpu(0) to cpu(" + (cpuReplicas - 1) + ")"));
            }
            names.add(name);
            devices.add(gpu ? Device.gpu(index) : Device.cpu());
        }
        return new TrainingDevices(names, devices);
    }

    private static String name(Device device) {
        return device.getDeviceType() + "(" + Math.max(device.getDeviceId(), 0) + ")";
    }

    @Override
    public String toString() {
        return String.join(", ", names);
    }
}
