package io.dsml.core.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsml.core.error.DsmlException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchSpecTest {
    private static final SearchSpace SPACE = new SearchSpace(List.of(new Parameter.IntRange("k", 1, 4, Scale.LINEAR)));

    @Test
    void theBudgetIsTrialsAndOptionallyWallTime() {
        SearchSpec byTrials = new SearchSpec("tpe", SPACE, 3, null, 0, null);
        SearchSpec byTime = new SearchSpec("random", SPACE, 100, Duration.ofHours(2), 0, null);

        assertThat(byTrials.mayStartAnother(2, Duration.ofDays(9))).isTrue();
        assertThat(byTrials.mayStartAnother(3, Duration.ZERO)).isFalse();
        assertThat(byTime.mayStartAnother(5, Duration.ofMinutes(119))).isTrue();
        assertThat(byTime.mayStartAnother(5, Duration.ofMinutes(120))).isFalse();
    }

    @Test
    void createsItsMethodOverItsSpaceAndSeed() {
        SearchSpec spec = new SearchSpec("random", SPACE, 3, null, 42, new SuccessiveHalving(1, 3, 9));

        assertThat(spec.createMethod().name()).isEqualTo("random");
        assertThat(spec.createMethod().propose(5, List.of()))
                .isEqualTo(new RandomSearch(SPACE, 42).propose(5, List.of()));
        assertThat(spec.earlyStopping()).contains(new SuccessiveHalving(1, 3, 9));
        assertThat(new SearchSpec("tpe", SPACE, 3, null, 42, null).earlyStopping())
                .isEmpty();
    }

    @Test
    void badSpecsAreRefused() {
        assertThatThrownBy(() -> new SearchSpec("bayes", SPACE, 3, null, 0, null))
                .isInstanceOf(DsmlException.class)
                .hasMessage("unknown search method 'bayes'; known methods: random, tpe");
        assertThatThrownBy(() -> new SearchSpec("tpe", SPACE, 0, null, 0, null))
                .hasMessage("a search needs at least 1 trial, got 0");
        assertThatThrownBy(() -> new SearchSpec("tpe", SPACE, 3, Duration.ZERO, 0, null))
                .hasMessage("a search's wall time must be positive, got PT0S");
    }
}
