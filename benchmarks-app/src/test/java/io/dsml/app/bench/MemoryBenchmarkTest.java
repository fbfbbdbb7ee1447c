package io.dsml.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The leak criterion of {@code dsml bench memory}: a rise above epoch 1 counts, a fall does not. */
class MemoryBenchmarkTest {
    private static MemoryBenchmark.Sample rss(int epoch, double mib) {
        return new MemoryBenchmark.Sample(epoch, mib, 10, 64, 12, 1.0);
    }

    @Test
    void aFallAfterTheFirstEpochIsNoGrowth() {
        // epoch 1 at 337.6 MiB, then settled 9-10% lower: what 50 quickstart epochs showed
        List<MemoryBenchmark.Sample> samples = List.of(rss(1, 337.6), rss(2, 303.0), rss(3, 321.0));

        assertThat(MemoryBenchmark.maxGrowthAfterFirst(samples, MemoryBenchmark.Sample::rssMiB))
                .isZero();
        assertThat(MemoryBenchmark.maxDeviationAfterFirst(samples, MemoryBenchmark.Sample::rssMiB))
                .isCloseTo((337.6 - 303.0) / 337.6, within(1e-12));
    }

    @Test
    void theLargestRiseAboveTheFirstEpochIsTheGrowth() {
        List<MemoryBenchmark.Sample> samples = List.of(rss(1, 300), rss(2, 290), rss(3, 345), rss(4, 330));

        assertThat(MemoryBenchmark.maxGrowthAfterFirst(samples, MemoryBenchmark.Sample::rssMiB))
                .isCloseTo(0.15, within(1e-12));
    }
}
