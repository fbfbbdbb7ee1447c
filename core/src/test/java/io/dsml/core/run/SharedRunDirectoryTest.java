package io.dsml.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsml.core.config.CellPlan;
import io.dsml.core.error.DsmlException;
import io.dsml.core.error.UserInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What lets several processes share one run directory: write-once files, cell locks, shares. */
class SharedRunDirectoryTest {
    @Test
    void aFileIsWrittenOnceAndADifferentSecondContentIsReturnedNotWritten(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("config.yaml");
        assertThat(RunDirectory.writeOnce(file, "a: 1\n")).isNull();
        assertThat(RunDirectory.writeOnce(file, "a: 1\n")).isNull();
        assertThat(RunDirectory.writeOnce(file, "a: 2\n")).isEqualTo("a: 1\n");
        assertThat(Files.readString(file)).isEqualTo("a: 1\n");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file); // no temporary file left behind
        }
    }

    @Test
    void racingWritersLeaveExactlyOneCompleteContent(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("config.yaml");
        List<String> outcomes = IntStream.range(0, 8)
                .parallel()
                .mapToObj(i -> RunDirectory.writeOnce(file, ("writer " + i + "\n").repeat(1000)))
                .toList();
        String winner = Files.readString(file);
        assertThat(winner).matches("(writer \\d\n){1000}");
        assertThat(outcomes.stream().filter(o -> o == null)).hasSize(1);
        assertThat(outcomes.stream().filter(o -> o != null)).allMatch(winner::equals);
    }

    @Test
    void aCellLockIsExclusiveUntilClosed(@TempDir Path runDir) throws Exception {
        CellFiles cell = CellFiles.in(Files.createDirectories(runDir.resolve("a")));
        CellFiles other = CellFiles.in(Files.createDirectories(runDir.resolve("b")));
        try (CellLock first = CellLock.tryAcquire(cell)) {
            assertThat(first).isNotNull();
            assertThat(CellLock.tryAcquire(cell)).isNull();
            assertThat(CellLock.tryAcquire(other)).isNotNull().satisfies(CellLock::close);
        }
        try (CellLock again = CellLock.tryAcquire(cell)) {
            assertThat(again).isNotNull();
        }
    }

    @Test
    void sharesAreDisjointCoverTheGridAndInterleaveIt() {
        List<CellPlan> grid = IntStream.range(0, 7)
                .mapToObj(i -> new CellPlan("c" + i, null, null, null, null, i))
                .toList();
        List<String> first = ids(CellSelection.share("1/3").select(grid));
        List<String> second = ids(CellSelection.share("2/3").select(grid));
        List<String> third = ids(CellSelection.share("3/3").select(grid));
        assertThat(first).containsExactly("c0", "c3", "c6");
        assertThat(second).containsExactly("c1", "c4");
        assertThat(third).containsExactly("c2", "c5");
        assertThat(ids(CellSelection.cell("c4").select(grid))).containsExactly("c4");
        assertThat(CellSelection.ALL.select(grid)).isEqualTo(grid);
        assertThat(CellSelection.share("4/4").select(grid.subList(0, 2))).isEmpty();
    }

    @Test
    void badSelectionsAreRefusedWithTheFlag() {
        for (String bad : List.of("0/2", "3/2", "1", "a/b", "1/0", "1/2/3")) {
            assertThatThrownBy(() -> CellSelection.share(bad))
                    .isInstanceOf(DsmlException.class)
                    .hasMessageStartingWith("cell share " + bad + ": expected i/N")
                    .isInstanceOfSatisfying(
                            DsmlException.class,
                            e -> assertThat(e.message(kind -> "--cells"))
                                    .isEqualTo("--cells " + bad + ": expected i/N with 1 <= i <= N, e.g. --cells 2/8"));
        }
        List<CellPlan> grid = List.of(new CellPlan("c0", null, null, null, null, 0));
        assertThatThrownBy(() -> CellSelection.cell("nope").select(grid))
                .isInstanceOf(DsmlException.class)
                .hasMessage("cell nope: no such cell; the grid has c0")
                .isInstanceOfSatisfying(
                        DsmlException.class,
                        e -> assertThat(e.input()).contains(new UserInput(UserInput.Kind.CELL, "nope")));
    }

    private static List<String> ids(List<CellPlan> plans) {
        return plans.stream().map(CellPlan::id).toList();
    }
}
