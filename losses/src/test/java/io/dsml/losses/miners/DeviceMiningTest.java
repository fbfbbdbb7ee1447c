package io.dsml.losses.miners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every built-in miner chooses on the device exactly the tuples, with the same multiplicities,
 * that its host rule chooses from index lists: on random batches whose closeness values repeat
 * (ties, resolved to the lowest index), with classes that have no positive, and with a batch of
 * one class.
 */
class DeviceMiningTest {
    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> cases = Stream.builder();
        Miner[] miners = {
            new AllPairsMiner(),
            new BatchHardMiner(),
            new SemiHardMiner(0.2),
            new SemiHardMiner(0.5),
            new MultiSimilarityMiner(0.1),
            new MultiSimilarityMiner(0.3)
        };
        for (Miner miner : miners) {
            for (int seed = 0; seed < 6; seed++) {
                cases.add(Arguments.of(miner.getClass().getSimpleName() + "/" + seed, miner, seed));
            }
        }
        return cases.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void deviceChoiceEqualsHostChoice(String name, Miner miner, int seed) {
        Random random = new Random(seed);
        int b = 7 + seed;
        int[] labels = new int[b];
        for (int i = 0; i < b; i++) {
            labels[i] = seed == 5 ? 0 : random.nextInt(4); // seed 5: one class, no negatives
        }
        float[] closeness = new float[b * b];
        for (int k = 0; k < closeness.length; k++) {
            closeness[k] = random.nextInt(9) / 8f - 1; // a few levels: many ties
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray c = manager.create(closeness, new Shape(b, b));
            NDArray y = manager.create(labels);
            MinedMasks device = miner.mine(c, LabelMasks.of(y, y, true));
            MinedMasks host = MinedMasks.of(miner.mine(new Closeness(closeness, b), labels), manager, b, b);
            assertSameChoice(device, host);
        }
    }

    /** A miner with only the host rule mines through the default method, within the batch only. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void hostOnlyMinerGoesThroughTheDefaultPath(String name, Miner builtIn, int seed) {
        Miner hostOnly = builtIn::mine;
        int[] labels = {0, 1, 0, 2, 1, 1};
        float[] closeness = new float[36];
        Random random = new Random(seed);
        for (int k = 0; k < 36; k++) {
            closeness[k] = random.nextFloat();
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray c = manager.create(closeness, new Shape(6, 6));
            NDArray y = manager.create(labels);
            assertSameChoice(hostOnly.mine(c, LabelMasks.of(y, y, true)), builtIn.mine(c, LabelMasks.of(y, y, true)));
            NDArray ref = manager.create(new int[] {0, 1, 0, 2, 1, 1});
            assertThatThrownBy(() -> hostOnly.mine(c, LabelMasks.of(y, ref, false)))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("no reference set");
        }
    }

    private static void assertSameChoice(MinedMasks device, MinedMasks host) {
        assertThat(device.getClass()).isEqualTo(host.getClass());
        if (device instanceof MinedMasks.Triplets t) {
            assertThat(t.counts().toFloatArray())
                    .containsExactly(((MinedMasks.Triplets) host).counts().toFloatArray());
        } else {
            MinedMasks.Pairs d = (MinedMasks.Pairs) device;
            MinedMasks.Pairs h = (MinedMasks.Pairs) host;
            assertThat(d.positives().toFloatArray())
                    .as("positives")
                    .containsExactly(h.positives().toFloatArray());
            assertThat(d.negatives().toFloatArray())
                    .as("negatives")
                    .containsExactly(h.negatives().toFloatArray());
        }
    }
}
