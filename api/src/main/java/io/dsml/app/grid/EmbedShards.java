package io.dsml.app.grid;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dsml.core.error.DsmlException;
import io.dsml.core.error.UserInput;
import io.dsml.core.run.RunDirectory;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The sharded output of a distributed {@code dsml embed}: {@code embeddings-00000.npy}, ...
 * (float32 [rows, dim], contiguous row ranges in order), {@code index.tsv} (a header line, then
 * {@code shard<TAB>row<TAB>path} per image, row counted within its shard) and {@code
 * manifest.json} (written last: a directory without it holds no result).
 */
public final class EmbedShards {
    /** The manifest's format name. */
    public static final String FORMAT = "dsml-embeddings";

    /** The index file's name. */
    public static final String INDEX = "index.tsv";

    /** The manifest file's name. */
    public static final String MANIFEST = "manifest.json";

    private EmbedShards() {}

    /**
     * A contiguous range of images.
     *
     * @param index the shard's number, from 0
     * @param start the first image's position in the whole list
     * @param size how many images
     */
    public record Shard(int index, int start, int size) implements Serializable {
        /** The shard's file name, e.g. {@code embeddings-00003.npy}. */
        public String fileName() {
            return String.format(Locale.ROOT, "embeddings-%05d.npy", index);
        }
    }

    /**
     * At most {@code shards} contiguous, non-empty shards of {@code n} images in order. When every
     * shard can hold whole batches of {@code batch} images, their sizes are multiples of {@code
     * batch}, so each shard's batches are those of a single pass over the whole list.
     */
    public static List<Shard> plan(int n, int shards, int batch) {
        if (n <= 0 || shards <= 0 || batch <= 0) {
            throw new IllegalArgumentException("n, shards and batch must be positive");
        }
        int size = (n + shards - 1) / shards;
        if ((long) shards * batch <= n) {
            size = (size + batch - 1) / batch * batch;
        }
        List<Shard> plan = new ArrayList<>();
        for (int start = 0; start < n; start += size) {
            plan.add(new Shard(plan.size(), start, Math.min(size, n - start)));
        }
        return plan;
    }

    /**
     * The manifest.
     *
     * @param format {@link #FORMAT}
     * @param version 1
     * @param cell the cell that embedded
     * @param count the number of images
     * @param dim the embedding dimension
     * @param shards the number of shard files
     * @param files the shard files in order, with their row counts
     */
    public record Manifest(
            String format, int version, String cell, int count, int dim, int shards, List<ShardFile> files) {}

    /**
     * @param file the file name in the output directory
     * @param rows its rows
     */
    public record ShardFile(String file, int rows) {}

    /**
     * Checks that {@code outDir} is absent or empty and creates it.
     *
     * @throws DsmlException when it holds files (an earlier output is never overwritten in part)
     */
    public static void prepare(Path outDir) {
        try {
            if (Files.exists(outDir)) {
                if (!Files.isDirectory(outDir)) {
                    throw new DsmlException(
                            output(outDir),
                            "not a directory (with " + UserInput.Kind.CLUSTER.mention() + ", "
                                    + UserInput.Kind.OUTPUT_DIRECTORY.mention() + " names the output directory)");
                }
                try (Stream<Path> entries = Files.list(outDir)) {
                    if (entries.findAny().isPresent()) {
                        throw new DsmlException(output(outDir), "not empty; give a new or empty output directory");
                    }
                }
            }
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new DsmlException(output(outDir), "cannot create the directory: " + e.getMessage());
        }
    }

    private static UserInput output(Path outDir) {
        return new UserInput(UserInput.Kind.OUTPUT_DIRECTORY, outDir.toString());
    }

    /** Writes the index, then the manifest, and returns the manifest. */
    public static Manifest finish(Path outDir, String cellId, List<String> names, List<Shard> plan, int dim) {
        StringBuilder index = new StringBuilder("shard\trow\tpath\n");
        List<ShardFile> files = new ArrayList<>();
        for (Shard shard : plan) {
            for (int row = 0; row < shard.size(); row++) {
                index.append(shard.index())
                        .append('\t')
                        .append(row)
                        .append('\t')
                        .append(names.get(shard.start() + row))
                        .append('\n');
            }
            files.add(new ShardFile(shard.fileName(), shard.size()));
        }
        Manifest manifest = new Manifest(FORMAT, 1, cellId, names.size(), dim, plan.size(), files);
        RunDirectory.writeAtomically(outDir.resolve(INDEX), index.toString());
        try {
            RunDirectory.writeAtomically(
                    outDir.resolve(MANIFEST),
                    new ObjectMapper()
                                    .enable(SerializationFeature.INDENT_OUTPUT)
                                    .writeValueAsString(manifest) + "\n");
        } catch (IOException e) {
            throw new DsmlException(outDir.resolve(MANIFEST) + ": cannot write: " + e.getMessage());
        }
        return manifest;
    }

    /** Removes the shard files of {@code plan} that exist, after a failed pass (best effort). */
    public static void discard(Path outDir, List<Shard> plan) {
        for (Shard shard : plan) {
            try {
                Files.deleteIfExists(outDir.resolve(shard.fileName()));
            } catch (IOException ignored) {
                // the missing manifest already marks the directory as no result
            }
        }
    }
}
