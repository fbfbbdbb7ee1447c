package io.dsml.core.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsml.core.error.DsmlException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchMethodsTest {
    private static final SearchSpace SPACE = new SearchSpace(List.of(
            new Parameter.FloatRange("lr", 1e-5, 1e-1, Scale.LOG),
            new Parameter.IntRange("k", 1, 4, Scale.LINEAR),
            new Parameter.Choice("opt", List.of("sgd", "adam", "rmsprop"))));

    @Test
    void randomSearchIsUniformInEachUnitCoordinate() {
        SearchMethod random = SearchMethods.create("random", SPACE, 11);
        int draws = 6000;
        int[] decades = new int[4];
        int[] ks = new int[5];
        int adam = 0;
        for (int n = 0; n < draws; n++) {
            Map<String, Object> p = random.propose(n, List.of());
            assertThat(p.keySet()).containsExactly("lr", "k", "opt");
            double lr = (double) p.get("lr");
            assertThat(lr).isBetween(1e-5, 1e-1);
            decades[(int) Math.min(3, Math.floor(Math.log10(lr) + 5))]++;
            ks[(int) p.get("k")]++;
            adam += "adam".equals(p.get("opt")) ? 1 : 0;
        }
        for (int d = 0; d < 4; d++) {
            assertThat(decades[d] / (double) draws).as("decade %d", d).isBetween(0.22, 0.28);
            assertThat(ks[d + 1] / (double) draws).as("k = %d", d + 1).isBetween(0.22, 0.28);
        }
        assertThat(adam / (double) draws).isBetween(0.30, 0.37);
    }

    @Test
    void aProposalDependsOnTheSeedAndTheTrialNumberOnly() {
        for (String name : SearchMethods.names()) {
            List<Trial> trials = finished(30);
            List<Trial> shuffled = new ArrayList<>(trials);
            Collections.shuffle(shuffled, new java.util.Random(5));

            Map<String, Object> proposal = SearchMethods.create(name, SPACE, 7).propose(30, trials);

            assertThat(SearchMethods.create(name, SPACE, 7).propose(30, shuffled))
                    .isEqualTo(proposal);
            assertThat(SearchMethods.create(name, SPACE, 7)
                            .propose(30, 2, trials)
                            .get(0))
                    .isEqualTo(proposal);
            assertThat(SearchMethods.create(name, SPACE, 7).propose(31, trials)).isNotEqualTo(proposal);
            assertThat(SearchMethods.create(name, SPACE, 8).propose(30, trials)).isNotEqualTo(proposal);
        }
    }

    @Test
    void tpeSearchesAtRandomUntilEnoughTrialsAreComplete() {
        SearchMethod tpe = SearchMethods.create("tpe", SPACE, 3);
        SearchMethod random = SearchMethods.create("random", SPACE, 3);
        List<Trial> trials = new ArrayList<>(finished(9));
        trials.add(new Trial(9, random.propose(9, List.of()), List.of(Double.NaN), Trial.Status.FAILED));
        trials.add(new Trial(10, random.propose(10, List.of()), List.of(0.5, Double.NaN), Trial.Status.RUNNING));

        for (int n = 11; n < 15; n++) {
            assertThat(tpe.propose(n, trials)).isEqualTo(random.propose(n, List.of()));
        }
        trials.addAll(finished(10).subList(9, 10)); // the tenth complete trial
        assertThat(tpe.propose(11, trials)).isNotEqualTo(random.propose(11, List.of()));
    }

    @Test
    void tpeProposesNearTheGoodTrialsAndAwayFromTheBadOnes() {
        // good trials: lr about 1e-2 (unit 0.75), k = 3, adam; bad ones elsewhere
        SearchSpace space = SPACE;
        List<Trial> trials = new ArrayList<>();
        String[] badOptimizers = {"sgd", "rmsprop"};
        for (int n = 0; n < 30; n++) {
            boolean good = n % 5 == 0;
            double lr = good ? 1e-2 * (1 + 0.01 * n) : 1e-5 * Math.pow(10, (n % 4) * 0.4);
            int k = good ? 3 : 1 + (n % 2);
            String opt = good ? "adam" : badOptimizers[n % 2];
            trials.add(new Trial(
                    n, Map.of("lr", lr, "k", k, "opt", opt), List.of(good ? 1.0 : 0.1), Trial.Status.COMPLETE));
        }
        SearchMethod tpe = new TreeParzenSearch(space, 1, new TreeParzenSearch.Settings(10, 0.2, 24));
        for (int n = 30; n < 50; n++) {
            Map<String, Object> p = tpe.propose(n, trials);
            assertThat((double) p.get("lr")).as("trial %d", n).isBetween(1e-3, 1e-1);
            assertThat(p.get("k")).as("trial %d", n).isIn(3, 4);
            assertThat(p.get("opt")).as("trial %d", n).isEqualTo("adam");
        }
    }

    @Test
    void unknownMethodsAndBadSettingsAreRefused() {
        assertThatThrownBy(() -> SearchMethods.create("grid", SPACE, 0))
                .isInstanceOf(DsmlException.class)
                .hasMessage("unknown search method 'grid'; known methods: random, tpe");
        assertThatThrownBy(() -> SearchMethods.create(null, SPACE, 0))
                .isInstanceOf(DsmlException.class)
                .hasMessage("unknown search method 'null'; known methods: random, tpe");
        assertThatThrownBy(() -> new TreeParzenSearch.Settings(1, 0.1, 24))
                .hasMessage("tpe: startup_trials must be at least 2, got 1");
        assertThatThrownBy(() -> new TreeParzenSearch.Settings(10, 1, 24))
                .hasMessage("tpe: gamma must be in (0, 1), got 1.0");
    }

    /** {@code count} complete trials drawn at random under seed 99, scored by their k. */
    private static List<Trial> finished(int count) {
        SearchMethod random = SearchMethods.create("random", SPACE, 99);
        List<Trial> trials = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            Map<String, Object> p = random.propose(n, List.of());
            trials.add(new Trial(n, p, List.of((int) p.get("k") / 4.0, 0.5), Trial.Status.COMPLETE));
        }
        return trials;
    }
}
