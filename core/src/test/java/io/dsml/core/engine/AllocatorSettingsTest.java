package io.dsml.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AllocatorSettingsTest {
    private static final String TCMALLOC = "/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4";

    @Test
    void namesEveryMallocSettingInOrderAndWhoChoseThem() {
        Map<String, String> launched = Map.of(
                "MALLOC_MMAP_MAX_",
                "0",
                "MALLOC_ARENA_MAX",
                "1",
                "PATH",
                "/usr/bin",
                AllocatorSettings.WHY,
                "./dsml: glibc, heap blocks reused");
        assertThat(AllocatorSettings.describe(launched, Optional.empty()))
                .isEqualTo("glibc MALLOC_ARENA_MAX=1 MALLOC_MMAP_MAX_=0 (./dsml: glibc, heap blocks reused)");
    }

    @Test
    void aUsersOwnTunablesAreReportedAsTheirs() {
        assertThat(AllocatorSettings.describe(Map.of("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1"), Optional.empty()))
                .isEqualTo("glibc GLIBC_TUNABLES=glibc.malloc.hugetlb=1 (set before dsml started)");
    }

    @Test
    void saysWhenGlibcRunsWithItsDefaults() {
        assertThat(AllocatorSettings.describe(Map.of("PATH", "/usr/bin"), Optional.empty()))
                .startsWith("glibc's defaults");
    }

    @Test
    void aLoadedTcmallocIsNamedWithItsFileAndWhoPreloadedIt() {
        Map<String, String> launched =
                Map.of("LD_PRELOAD", TCMALLOC, AllocatorSettings.WHY, "./dsml: tcmalloc, found at " + TCMALLOC);
        assertThat(AllocatorSettings.describe(launched, Optional.of(TCMALLOC)))
                .isEqualTo("tcmalloc " + TCMALLOC + " (./dsml: tcmalloc, found at " + TCMALLOC + ")");
    }

    @Test
    void aPreloadThatDidNotTakeIsSaid() {
        Map<String, String> preloaded = Map.of("LD_PRELOAD", "/nowhere/libjemalloc.so.2", "MALLOC_CONF", "narenas:1");
        assertThat(AllocatorSettings.describe(preloaded, Optional.empty()))
                .isEqualTo("glibc MALLOC_CONF=narenas:1 (set before dsml started; LD_PRELOAD names"
                        + " /nowhere/libjemalloc.so.2 but no such allocator is loaded)");
    }

    @Test
    void findsAReplacementAmongTheProcesssMappingsAndNothingElse() {
        List<String> withTcmalloc = List.of(
                "7f0000000000-7f0000001000 r--p 00000000 08:01 123 /usr/lib/x86_64-linux-gnu/libc.so.6",
                "7f0000002000-7f0000003000 r-xp 00001000 08:01 456 " + TCMALLOC,
                "7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0 [stack]");
        assertThat(AllocatorSettings.loadedReplacement(withTcmalloc)).contains(TCMALLOC);
        assertThat(AllocatorSettings.loadedReplacement(withTcmalloc.subList(0, 1)))
                .isEmpty();
        assertThat(AllocatorSettings.loadedReplacement(
                        List.of("7f0-7f1 r--p 0 08:01 9 /opt/app/lib/libmymalloc-wrapper.so")))
                .as("only the allocators' own libraries count")
                .isEmpty();
    }
}
