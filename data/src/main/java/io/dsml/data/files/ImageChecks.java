package io.dsml.data.files;

import io.dsml.core.error.DsmlException;
import io.dsml.core.params.ParamSpec;
import io.dsml.data.pipeline.ImageDecoder;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Checks that the images an index lists are there, and optionally readable, before training
 * starts: a run should fail in its first second, not after an hour on the first bad file. By
 * default a problem is an error naming the file and the index line; with {@code skip} the bad
 * entries are dropped and counted.
 */
public final class ImageChecks {
    private static final int EXAMPLES = 5;

    private ImageChecks() {}

    /** The params that choose how thoroughly listed images are checked at load time. */
    public static List<ParamSpec> specs() {
        return List.of(
                ParamSpec.flag(
                        "verify_images",
                        false,
                        "read every image's header at load time (dsml datasets check does), not only check it exists"),
                ParamSpec.flag(
                        "skip_unreadable",
                        false,
                        "skip absent or unreadable images (reporting how many) instead of failing"));
    }

    /**
     * The outcome of a check.
     *
     * @param kept the entries that passed, in order
     * @param skipped how many were dropped
     * @param examples the first few problems, one line each
     */
    public record Result(List<ImageEntry> kept, int skipped, List<String> examples) {
        public Result {
            kept = List.copyOf(kept);
            examples = List.copyOf(examples);
        }
    }

    /**
     * @param probe whether to read each image's header (format and size) rather than only check
     *     that the file exists
     * @param skip whether to drop bad entries instead of failing
     */
    public static Result check(List<ImageEntry> entries, boolean probe, boolean skip) {
        String[] problems = new String[entries.size()];
        IntStream.range(0, entries.size()).parallel().forEach(i -> problems[i] = problem(entries.get(i), probe));
        List<ImageEntry> kept = new ArrayList<>();
        List<String> examples = new ArrayList<>();
        int skipped = 0;
        for (int i = 0; i < problems.length; i++) {
            if (problems[i] == null) {
                kept.add(entries.get(i));
                continue;
            }
            if (!skip) {
                throw new DsmlException(problems[i] + " (set dataset param skip_unreadable=true to skip such images)");
            }
            skipped++;
            if (examples.size() < EXAMPLES) {
                examples.add(problems[i]);
            }
        }
        return new Result(kept, skipped, examples);
    }

    private static String problem(ImageEntry entry, boolean probe) {
        if (!Files.isRegularFile(entry.file())) {
            return entry.file() + ": image listed in " + entry.source() + " but absent";
        }
        if (probe) {
            try {
                ImageDecoder.probe(entry.file());
            } catch (DsmlException e) {
                return e.getMessage() + " (listed in " + entry.source() + ")";
            }
        }
        return null;
    }
}
