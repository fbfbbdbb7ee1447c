package io.dsml.core.engine;

import com.sun.jna.Function;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the C allocator's free memory back to the operating system, through whichever allocator
 * the process runs with: tcmalloc's {@code MallocExtension_ReleaseFreeMemory()} when tcmalloc is
 * loaded (./dsml preloads it where installed), else glibc's {@code malloc_trim(0)}. The engines
 * allocate and free buffers through malloc all the time, and what was freed stays in the
 * allocator, counted in the resident set; the trainer calls this at each epoch's end. Where neither
 * call exists (another C library), it does nothing.
 */
public final class FreeMemoryRelease {
    private static final Logger LOG = LoggerFactory.getLogger(FreeMemoryRelease.class);
    private static final Releaser RELEASER = load();

    private FreeMemoryRelease() {}

    /** One way to release free memory, and its name for {@code dsml doctor}. */
    private record Releaser(String name, BooleanSupplier call) {}

    /** The one glibc call used. */
    interface GlibcMalloc extends Library {
        int malloc_trim(long pad);
    }

    private static Releaser load() {
        try {
            Function tcmalloc = NativeLibrary.getProcess().getFunction("MallocExtension_ReleaseFreeMemory");
            tcmalloc.invokeVoid(new Object[0]);
            return new Releaser("tcmalloc's MallocExtension_ReleaseFreeMemory()", () -> {
                tcmalloc.invokeVoid(new Object[0]);
                return true;
            });
        } catch (LinkageError | RuntimeException e) {
            LOG.debug("tcmalloc not loaded ({}); trying glibc's malloc_trim", e.toString());
        }
        try {
            GlibcMalloc malloc = Native.load("c", GlibcMalloc.class);
            malloc.malloc_trim(0);
            return new Releaser("glibc's malloc_trim(0)", () -> malloc.malloc_trim(0) == 1);
        } catch (LinkageError | RuntimeException e) {
            // no malloc_trim (not glibc), no libc to load, or JNA itself unusable in this JVM
            LOG.debug("no malloc_trim in this C library: free memory not released ({})", e.toString());
            return null;
        }
    }

    /** Whether a release call exists in this process. */
    public static boolean available() {
        return RELEASER != null;
    }

    /** Releases now; returns whether the allocator says memory was released (tcmalloc: always). */
    public static boolean release() {
        return RELEASER != null && RELEASER.call().getAsBoolean();
    }

    /** The call used, e.g. {@code glibc's malloc_trim(0)}, or {@code none}. */
    public static String describe() {
        return RELEASER == null ? "none (neither tcmalloc nor glibc's malloc_trim found)" : RELEASER.name();
    }
}
