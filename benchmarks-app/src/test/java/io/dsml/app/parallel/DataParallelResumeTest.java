package io.dsml.app.parallel;

import static io.dsml.app.parallel.DataParallelFixture.ONE;
import static io.dsml.app.parallel.DataParallelFixture.TWO;
import static org.assertj.core.api.Assertions.assertThat;

import io.dsml.app.parallel.DataParallelFixture.Trace;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint written on two devices resumes on one, and one written on one device resumes on
 * two. A checkpoint holds a single copy of every piece of state (the replicas are equal after each
 * step, see DataParallelStep), so nothing is lost or guessed: the restored parameters are bit for
 * bit those the writer held, and the continuation matches the writer's own uninterrupted run to
 * the tolerance of DataParallelEquivalenceTest (one and two devices differ only in summation
 * order). The loss is vMF with online means, whose checkpoint mid-epoch also holds the epoch's
 * accumulators, and the crash falls in the middle of the second epoch.
 */
class DataParallelResumeTest {
    private static final String LOSS = "{name: vmf, params: {means: online}}";
    private static final int STEPS = 4;
    private static final int CRASH_AFTER = 7; // checkpoint of step 6: epoch 2, 2 of 4 steps done

    @Test
    void aTwoDeviceCheckpointResumesOnOneDevice(@TempDir Path tmp) {
        resumesOnTheOtherDeviceCount(TWO, ONE, tmp.resolve("checkpoint.bin"));
    }

    @Test
    void aOneDeviceCheckpointResumesOnTwoDevices(@TempDir Path tmp) {
        resumesOnTheOtherDeviceCount(ONE, TWO, tmp.resolve("checkpoint.bin"));
    }

    private static void resumesOnTheOtherDeviceCount(List<String> writer, List<String> reader, Path checkpoint) {
        Trace uninterrupted = DataParallelFixture.train(LOSS, writer, 2, STEPS, true, null);
        Trace crashed = DataParallelFixture.train(LOSS, writer, 2, STEPS, true, checkpoint, CRASH_AFTER);
        Trace resumed = DataParallelFixture.train(LOSS, reader, 2, STEPS, true, checkpoint);

        assertThat(DataParallelFixture.maxDifference(crashed.finalParameters(), resumed.resumedParameters()))
                .as("restored parameters against the writer's at its last checkpoint")
                .isZero();
        assertThat(resumed.stepLosses()).hasSize(2 * STEPS - (CRASH_AFTER - 1));
        for (int i = 0; i < resumed.stepLosses().size(); i++) {
            float expected = uninterrupted.stepLosses().get(CRASH_AFTER - 1 + i);
            assertThat((double) resumed.stepLosses().get(i))
                    .as("loss of step %d after the resume", CRASH_AFTER + i)
                    .isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-5 * Math.max(1, expected)));
        }
        assertThat(DataParallelFixture.maxDifference(uninterrupted.finalParameters(), resumed.finalParameters()))
                .as("final parameters against the writer's uninterrupted run")
                .isLessThan(1e-5);
    }
}
