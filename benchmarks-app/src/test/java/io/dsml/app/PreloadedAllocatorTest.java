package io.dsml.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code ./dsml} does where tcmalloc is installed (it preloads it): a dsml process started with
 * tcmalloc preloaded knows it runs on tcmalloc (read from its own mappings, not from the launcher's
 * word) and returns free memory through tcmalloc's own call, since glibc's malloc_trim would trim a
 * heap nobody uses. CI installs libtcmalloc-minimal4; without it this is skipped.
 */
class PreloadedAllocatorTest {
    private static final List<Path> TCMALLOC = Stream.of(
                    "/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib")
            .map(dir -> Path.of(dir, "libtcmalloc_minimal.so.4"))
            .filter(Files::isReadable)
            .toList();

    @Test
    void aProcessWithTcmallocPreloadedReportsAndUsesIt(@TempDir Path work) throws Exception {
        assumeTrue(!TCMALLOC.isEmpty(), "libtcmalloc-minimal4 is not installed");
        String library = TCMALLOC.get(0).toString();
        Path log = work.resolve("doctor.log");

        int exit = ChildDsml.run(
                log, List.of("doctor"), Map.of("LD_PRELOAD", library, "DSML_ALLOCATOR_WHY", "the test's preload"));

        String doctor = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(exit).as(doctor).isZero();
        assertThat(doctor)
                .containsPattern("malloc: +tcmalloc /\\S*libtcmalloc_minimal\\.so\\.4\\S* \\(the test's preload\\)")
                .contains("free memory returned at each epoch's end by tcmalloc's MallocExtension_ReleaseFreeMemory()");
    }

    @Test
    void withoutAPreloadItIsGlibcAndItsTrim(@TempDir Path work) throws Exception {
        Path log = work.resolve("doctor.log");

        int exit = ChildDsml.run(
                log,
                List.of("doctor"),
                // an empty LD_PRELOAD: no allocator inherited from whatever started the build
                Map.of("LD_PRELOAD", "", "MALLOC_ARENA_MAX", "1", "DSML_ALLOCATOR_WHY", "the test's glibc"));

        String doctor = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(exit).as(doctor).isZero();
        assertThat(doctor)
                .contains("malloc:   glibc MALLOC_ARENA_MAX=1 (the test's glibc)")
                .contains("free memory returned at each epoch's end by glibc's malloc_trim(0)");
    }
}
