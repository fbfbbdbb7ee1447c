package io.dsml.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RefreshPeriodTest {
    /** The steps of an epoch (1-based, counted within it) after which a refresh falls due. */
    private static List<Integer> dueSteps(RefreshPeriod period, int stepsInEpoch) {
        List<Integer> due = new ArrayList<>();
        for (int done = 1; done <= stepsInEpoch; done++) {
            if (period.dueWithinEpoch(done, stepsInEpoch)) {
                due.add(done);
            }
        }
        return due;
    }

    @Test
    void perEpochPointsSplitTheEpochEvenlyAndLeaveItsEndToTheEpochPeriod() {
        // 469 steps (Fashion-MNIST at batch 128): halfway is after step 235 (235/469 >= 1/2),
        // the quarters after 118, 235 and 352 (the first done * 4 >= k * 469)
        assertThat(dueSteps(new RefreshPeriod(1, 0, 2), 469)).containsExactly(235);
        assertThat(dueSteps(new RefreshPeriod(1, 0, 4), 469)).containsExactly(118, 235, 352);
        assertThat(dueSteps(new RefreshPeriod(1, 0, 4), 8)).containsExactly(2, 4, 6);
        assertThat(dueSteps(new RefreshPeriod(1, 0, 1), 469)).isEmpty();
        assertThat(dueSteps(new RefreshPeriod(1, 0), 469)).isEmpty();
    }

    @Test
    void moreRefreshesThanStepsRefreshAfterEveryStepOnce() {
        assertThat(dueSteps(new RefreshPeriod(1, 0, 10), 3)).containsExactly(1, 2);
    }

    @Test
    void refusesFewerThanOneRefreshPerEpoch() {
        assertThatThrownBy(() -> new RefreshPeriod(1, 0, 0)).hasMessageContaining("refreshes per epoch must be >= 1");
    }
}
