package io.dsml.core.tune;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrialsTableTest {
    private static final SearchSpace SPACE = new SearchSpace(List.of(
            new Parameter.FloatRange("training.lr", 1e-5, 1e-1, Scale.LOG),
            new Parameter.Choice("training.optimizer", List.of("adam", "sgd,momentum")),
            new Parameter.IntRange("k", 1, 4, Scale.LINEAR)));

    /** Out of number order; one running with one fold scored, one failed. */
    private static final List<Trial> TRIALS = List.of(
            new Trial(2, params(1e-4, "adam", 1), List.of(0.9, 0.5), Trial.Status.COMPLETE),
            new Trial(0, params(0.001, "adam", 2), List.of(0.5, 0.7), Trial.Status.COMPLETE),
            new Trial(3, params(0.05, "adam", 4), List.of(Double.NaN, Double.NaN), Trial.Status.FAILED),
            new Trial(1, params(0.012345678, "sgd,momentum", 3), List.of(0.8, Double.NaN), Trial.Status.RUNNING));

    private static Map<String, Object> params(double lr, String optimizer, int k) {
        return Map.of("training.lr", lr, "training.optimizer", optimizer, "k", k);
    }

    @Test
    void markdownHasOneRowPerTrialInNumberOrderAndNamesTheBest() {
        assertThat(new TrialsTable(SPACE, TRIALS).markdown()).isEqualTo("""
                | trial | status | training.lr | training.optimizer | k | fold_0 | fold_1 | mean |
                |---|---|---|---|---|---|---|---|
                | 0 | complete | 0.001000 | adam | 2 | 0.5000 | 0.7000 | 0.6000 |
                | 1 | running | 0.01235 | sgd,momentum | 3 | 0.8000 |  |  |
                | 2 | complete | 0.0001000 | adam | 1 | 0.9000 | 0.5000 | 0.7000 |
                | 3 | failed | 0.05000 | adam | 4 |  |  |  |

                Best: trial 2, mean validation score 0.7000.
                """);
    }

    @Test
    void csvKeepsEveryDigitAndQuotesValuesWithCommas() {
        assertThat(new TrialsTable(SPACE, TRIALS).csv()).isEqualTo("""
                trial,status,training.lr,training.optimizer,k,fold_0,fold_1,mean
                0,complete,0.001,adam,2,0.5,0.7,0.6
                1,running,0.012345678,"sgd,momentum",3,0.8,,
                2,complete,1.0E-4,adam,1,0.9,0.5,0.7
                3,failed,0.05,adam,4,,,
                """);
    }

    @Test
    void aSearchWithoutFoldsHasOneScoreColumnAndNoBestUntilATrialCompletes() {
        List<Trial> running =
                List.of(new Trial(0, params(0.001, "adam", 2), List.of(Double.NaN), Trial.Status.RUNNING));

        String markdown = new TrialsTable(SPACE, running).markdown();

        assertThat(new TrialsTable(SPACE, running).header())
                .containsExactly("trial", "status", "training.lr", "training.optimizer", "k", "fold_0", "mean");
        assertThat(markdown).doesNotContain("Best");
        assertThat(new TrialsTable(SPACE, List.of()).csv())
                .isEqualTo("trial,status,training.lr,training.optimizer,k,fold_0,mean\n");
    }

    @Test
    void writesBothTablesAndNothingElse(@TempDir Path dir) throws IOException {
        TrialsTable table = new TrialsTable(SPACE, TRIALS);

        table.write(dir);

        assertThat(Files.readString(dir.resolve("trials.md"))).isEqualTo(table.markdown());
        assertThat(Files.readString(dir.resolve("trials.csv"))).isEqualTo(table.csv());
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("trials.md", "trials.csv");
        }
    }

    @Test
    void theBestTrialIsTheCompleteOneWithTheHighestMeanAndTheEarliestAmongEquals() {
        List<Trial> tied = List.of(
                new Trial(5, params(0.001, "adam", 2), List.of(0.6), Trial.Status.COMPLETE),
                new Trial(4, params(0.002, "adam", 2), List.of(0.6), Trial.Status.COMPLETE),
                new Trial(6, params(0.003, "adam", 2), List.of(0.9, Double.NaN), Trial.Status.PRUNED));

        assertThat(Trial.best(tied)).map(Trial::number).contains(4);
        assertThat(Trial.best(TRIALS)).map(Trial::number).contains(2);
    }
}
