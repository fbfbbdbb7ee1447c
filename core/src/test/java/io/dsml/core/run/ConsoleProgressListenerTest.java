package io.dsml.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Progress of long phases, on a clock the test drives: in a log a line with rate and ETA every
 * 30 seconds of an epoch or an inference pass, on a terminal a bar redrawn in place.
 */
class ConsoleProgressListenerTest {
    private long now;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private ConsoleProgressListener listener(boolean live) {
        return new ConsoleProgressListener(
                new PrintStream(bytes, true, StandardCharsets.UTF_8), "[1/1] cell", 3, live, () -> now);
    }

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private void advanceSeconds(double seconds) {
        now += (long) (seconds * 1e9);
    }

    @Test
    void aLogGetsALineWithRateAndEtaEveryThirtySecondsOfAnEpoch() {
        ConsoleProgressListener progress = listener(false);
        progress.onEpochBegin(null, 2, 100, 0);
        for (int step = 1; step <= 35; step++) {
            advanceSeconds(2); // 0.5 steps/s
            progress.onBatchEnd(null, 2, step, 0.5f);
        }
        List<String> lines = printed().lines().toList();
        assertThat(lines).hasSize(2); // at 30 s and 60 s
        assertThat(lines.get(0))
                .isEqualTo("[1/1] cell epoch 2/3 [###.....................] 15/100 0.5 steps/s ETA 2:50 loss 0.5000");
        assertThat(printed()).doesNotContain("\r");
    }

    @Test
    void aLongInferencePassShowsProgressToo() {
        ConsoleProgressListener progress = listener(false);
        progress.onEpochBegin(null, 1, 10, 0);
        progress.onPassProgress(null, 0, 63, 8000);
        for (int batch = 1; batch <= 63; batch++) {
            advanceSeconds(1);
            progress.onPassProgress(null, batch, 63, 8000);
        }
        List<String> lines = printed().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0))
                .startsWith("[1/1] cell epoch 1/3 inference pass [###########.............] 30/63 "
                        + "batches (8000 samples) 127.0 samples/s ETA 0:33");
    }

    @Test
    void aTerminalGetsABarRedrawnInPlace() {
        ConsoleProgressListener progress = listener(true);
        progress.onPassProgress(null, 0, 4, 400);
        for (int batch = 1; batch <= 4; batch++) {
            advanceSeconds(1);
            progress.onPassProgress(null, batch, 4, 400);
        }
        assertThat(printed())
                .startsWith("\r[1/1] cell epoch 1/3 inference pass [######..................] 1/4 batches (400 samples)"
                        + " 100.0 samples/s ETA 0:03")
                .doesNotContain("\n");
    }
}
