package io.dsml.core.train;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the C heap's free memory back to the operating system after every epoch, with glibc's
 * {@code malloc_trim(0)}. The engine allocates and frees buffers through the C allocator all the
 * time, and glibc keeps what was freed in its arenas, where it counts in the process's resident
 * set. With uploads through one reused buffer ({@link HostUpload}), the quickstart's resident set
 * sampled after each epoch's trim went from ~490-540 MiB to ~305 MiB over 50 epochs (peak 509
 * MiB, against 581); trimming alone made it swing with the native garbage that waits for the
 * next collection (docs/results/performance.md).
 * Trimming once per epoch costs milliseconds. Where the C library has no {@code malloc_trim}
 * (not glibc), this does nothing.
 */
final class NativeHeapTrimmer implements TrainingListener {
    private static final Logger LOG = LoggerFactory.getLogger(NativeHeapTrimmer.class);
    private static final GlibcMalloc MALLOC = load();

    /** The one glibc call used. */
    interface GlibcMalloc extends Library {
        int malloc_trim(long pad);
    }

    private static GlibcMalloc load() {
        try {
            GlibcMalloc malloc = Native.load("c", GlibcMalloc.class);
            malloc.malloc_trim(0);
            return malloc;
        } catch (LinkageError | RuntimeException e) {
            // no malloc_trim (not glibc), no libc to load, or JNA itself unusable in this JVM
            LOG.debug("no malloc_trim in this C library: native heap not trimmed ({})", e.toString());
            return null;
        }
    }

    /** Whether trimming is available here. */
    static boolean available() {
        return MALLOC != null;
    }

    /** Trims now; returns whether memory was released. */
    static boolean trim() {
        return MALLOC != null && MALLOC.malloc_trim(0) == 1;
    }

    @Override
    public void onEpochEnd(TrainingContext context, EpochRecord record) {
        trim();
    }
}
