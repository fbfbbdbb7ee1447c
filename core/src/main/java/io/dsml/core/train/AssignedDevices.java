package io.dsml.core.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.function.Supplier;

/**
 * The devices a cell trains on when {@code training.devices} is empty: every device the engine
 * reports, unless the calling thread was
 * given its own (a Spark task gets the GPUs the scheduler assigned to it, so that two tasks of
 * one executor never share a device another task holds).
 */
public final class AssignedDevices {
    private static final ThreadLocal<Device[]> ASSIGNED = new ThreadLocal<>();

    private AssignedDevices() {}

    /** The calling thread's devices. */
    public static Device[] current() {
        Device[] assigned = ASSIGNED.get();
        return assigned != null ? assigned.clone() : Engine.getInstance().getDevices();
    }

    /** Runs {@code body} with {@code devices} as the calling thread's training devices. */
    public static <T> T with(Device[] devices, Supplier<T> body) {
        if (devices.length == 0) {
            throw new IllegalArgumentException("no devices");
        }
        Device[] previous = ASSIGNED.get();
        ASSIGNED.set(devices.clone());
        try {
            return body.get();
        } finally {
            if (previous == null) {
                ASSIGNED.remove();
            } else {
                ASSIGNED.set(previous);
            }
        }
    }
}
