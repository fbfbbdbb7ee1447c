package io.dsml.app.parallel;

import java.util.Arrays;
import java.util.List;

/**
 * The devices the data-parallel tests split batches over: {@code [cpu(0), cpu(1)]} (two replicas
 * on the CPU), or the list in the system property {@code dsml.test.devices}, e.g. {@code
 * gpu(0),gpu(1)}, which benchmarks/gpu/run.sh sets to run the same tests on real GPUs.
 */
public final class TestDevices {
    /** Two or more devices. */
    public static final List<String> SEVERAL = Arrays.stream(
                    System.getProperty("dsml.test.devices", "cpu(0),cpu(1)").split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .toList();
    /** The first of them alone. */
    public static final List<String> FIRST = List.of(SEVERAL.get(0));

    private TestDevices() {}

    /** {@code list} as a YAML flow sequence, for {@code --set training.devices=...}. */
    public static String yaml(List<String> list) {
        return "[" + String.join(", ", list) + "]";
    }
}
