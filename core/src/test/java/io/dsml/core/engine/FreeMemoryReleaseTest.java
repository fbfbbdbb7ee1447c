package io.dsml.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Native;
import org.junit.jupiter.api.Test;

/**
 * Free memory in the middle of the C heap, which free() cannot return because a live chunk sits
 * above it, is released by a trim (glibc only).
 */
class FreeMemoryReleaseTest {
    @Test
    void trimGivesFreedHeapMemoryBackToTheSystem() {
        assumeTrue(FreeMemoryRelease.available(), "malloc_trim needs glibc");
        FreeMemoryRelease.release();
        long[] chunks = new long[16_384];
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = Native.malloc(4096); // below the mmap threshold: from the heap
        }
        long pin = Native.malloc(64); // above them, so free() cannot shrink the heap's top
        for (long chunk : chunks) {
            Native.free(chunk);
        }

        boolean released = FreeMemoryRelease.release();

        Native.free(pin);
        assertThat(released)
                .as("64 MiB freed below a live chunk are given back")
                .isTrue();
    }
}
