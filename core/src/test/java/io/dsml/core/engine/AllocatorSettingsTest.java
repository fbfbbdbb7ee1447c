package io.dsml.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AllocatorSettingsTest {
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
                "./dsml: heap blocks reused");
        assertThat(AllocatorSettings.describe(launched))
                .isEqualTo("MALLOC_ARENA_MAX=1 MALLOC_MMAP_MAX_=0 (./dsml: heap blocks reused)");
    }

    @Test
    void aUsersOwnTunablesAreReportedAsTheirs() {
        assertThat(AllocatorSettings.describe(Map.of("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1")))
                .isEqualTo("GLIBC_TUNABLES=glibc.malloc.hugetlb=1 (set before dsml started)");
    }

    @Test
    void saysWhenGlibcRunsWithItsDefaults() {
        assertThat(AllocatorSettings.describe(Map.of("PATH", "/usr/bin"))).startsWith("glibc's defaults");
    }
}
