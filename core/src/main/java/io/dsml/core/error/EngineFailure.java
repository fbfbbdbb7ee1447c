package io.dsml.core.error;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Explains why the engine refused to run something too large for it (a tensor over its 2^31
 * element limit, memory it could not allocate) in one line, instead of the engine's multi-line
 * native trace.
 */
public final class EngineFailure {
    private static final Pattern TOO_MANY_ELEMENTS = Pattern.compile("\\((\\d+) vs\\. 2147483647\\)");
    /** PyTorch's CPU allocator: "DefaultCPUAllocator: can't allocate memory: you tried to allocate N bytes". */
    private static final Pattern TRIED_TO_ALLOCATE = Pattern.compile("tried to allocate (\\d+) bytes");

    private EngineFailure() {}

    /**
     * An input error saying what could not be done and why.
     *
     * @param what what was being done, e.g. "cell conv-2__vmf__seed1"
     * @param remedy what the user can change, e.g. "reduce training.batch_size or embedding.dim"
     */
    public static DsmlException explain(String what, Throwable failure, String remedy) {
        return new DsmlException(what + ": " + reason(failure) + "; " + remedy, failure);
    }

    /** The reason in words. */
    public static String reason(Throwable failure) {
        if (failure instanceof OutOfMemoryError) {
            return "the JVM ran out of memory (its limit is "
                    + String.format(
                            Locale.ROOT, "%.1f GiB", Runtime.getRuntime().maxMemory() / 1073741824.0)
                    + "; raise it with -Xmx)";
        }
        String message = failure.getMessage() == null ? "" : failure.getMessage();
        Matcher tooMany = TOO_MANY_ELEMENTS.matcher(message);
        if (message.contains("larger than 2^31 elements") && tooMany.find()) {
            return String.format(
                    Locale.ROOT,
                    "a tensor of %,d elements is larger than the engine's limit of 2^31 - 1",
                    Long.parseLong(tooMany.group(1)));
        }
        Matcher tried = TRIED_TO_ALLOCATE.matcher(message);
        if (tried.find()) {
            // PyTorch has no 2^31-element limit: a size MXNet refuses reaches its allocator
            return String.format(
                    Locale.ROOT,
                    "the engine could not allocate %.1f GiB for one tensor",
                    Long.parseLong(tried.group(1)) / 1073741824.0);
        }
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("bad_alloc")
                || lower.contains("out of memory")
                || lower.contains("failed to allocate")
                || lower.contains("can't allocate memory")) {
            return "the engine could not allocate the memory it needs";
        }
        String first = message.lines().findFirst().orElse(failure.getClass().getSimpleName());
        return "the engine failed: " + first.replace("MXNet engine call failed: ", "");
    }
}
