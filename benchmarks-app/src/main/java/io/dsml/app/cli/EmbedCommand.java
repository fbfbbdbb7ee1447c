package io.dsml.app.cli;

import io.dsml.app.api.RunCells;
import io.dsml.app.api.TrainedCell;
import io.dsml.app.grid.EmbedBackend;
import io.dsml.app.grid.EmbedShards;
import io.dsml.core.error.DsmlException;
import io.dsml.data.files.ImageFileList;
import io.dsml.evaluation.EmbeddingSet;
import io.dsml.evaluation.Npy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dsml embed}: a finished cell's network over image files or a dataset split, batched as in
 * training's evaluation, so that the run's own test split gives back its {@code
 * test_embeddings.npy}.
 */
@Command(
        name = "embed",
        mixinStandardHelpOptions = true,
        description = "Embed images with a finished cell's test-time pipeline and network; writes float32 [n, d].")
public final class EmbedCommand implements Callable<Integer> {
    @Option(names = "--run", required = true, paramLabel = "RUN_DIR", description = "A run directory.")
    Path runDir;

    @Option(
            names = "--cell",
            paramLabel = "ID",
            description = "The cell (directory under cells/); default: the first finished one.")
    String cell;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    /** Either a folder of images or a dataset split. */
    static final class Source {
        @Option(names = "--images", required = true, paramLabel = "DIR", description = "Every image under DIR.")
        Path images;

        @Option(
                names = "--images-list",
                required = true,
                paramLabel = "FILE",
                description = "The images FILE names, one path a line, in its order (relative to FILE's folder).")
        Path imagesList;

        @ArgGroup(exclusive = false)
        DatasetSource dataset;
    }

    /** A dataset split and part. */
    static final class DatasetSource {
        @Option(names = "--dataset", required = true, paramLabel = "NAME", description = "A registered dataset.")
        String name;

        @Option(
                names = "--split",
                required = true,
                paramLabel = "S",
                description = "Its split protocol, e.g. classification or retrieval.")
        String split;

        @Option(
                names = "--part",
                defaultValue = "test",
                paramLabel = "test|train",
                description = "Which part of the split (default: ${DEFAULT-VALUE}).")
        String part;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the dataset's files are.")
        Path dataDir;
    }

    @Option(
            names = "--out",
            required = true,
            paramLabel = "E.npy|DIR",
            description =
                    "The embeddings, float32 [n, d]; with --spark the output directory (shards, index, manifest).")
    Path out;

    @Option(
            names = "--spark",
            paramLabel = "MASTER",
            description = "Embed the images in shards as tasks of a Spark job on MASTER, e.g. 'local[2]'.")
    String spark;

    @Option(
            names = "--spark-conf",
            paramLabel = "KEY=VALUE",
            description = "A Spark setting for --spark, as spark-submit's --conf.")
    List<String> sparkConf = new java.util.ArrayList<>();

    @Option(
            names = "--shards",
            paramLabel = "N",
            description = "With --spark: at most N shards (default: Spark's default parallelism).")
    Integer shards;

    @Option(names = "--labels-out", paramLabel = "L.npy", description = "The labels, int32 [n] (0 for --images).")
    Path labelsOut;

    @Option(names = "--paths-out", paramLabel = "P.txt", description = "One image path (or sample name) per line.")
    Path pathsOut;

    @Override
    public Integer call() {
        if (spark != null) {
            return callOnBackend();
        }
        if (!sparkConf.isEmpty() || shards != null) {
            throw new DsmlException((shards != null ? "--shards" : "--spark-conf") + " needs --spark MASTER");
        }
        try (TrainedCell model = TrainedCell.load(runDir, cell)) {
            EmbeddingSet set;
            List<String> names;
            if (source.images != null || source.imagesList != null) {
                List<Path> files = imageFiles();
                set = model.embed(files, ProgressBar.onStderr("embed " + model.cellId(), files.size()));
                names = files.stream().map(Path::toString).toList();
            } else {
                DatasetSource d = source.dataset;
                TrainedCell.DatasetEmbeddings result = model.embedDataset(
                        d.name,
                        d.split,
                        d.part,
                        d.dataDir,
                        total -> ProgressBar.onStderr("embed " + model.cellId(), total));
                set = result.embeddings();
                names = result.names();
            }
            write(set, names);
            System.out.printf("%s: %d x %d embeddings -> %s%n", model.cellId(), set.n(), set.dim(), out);
        }
        return 0;
    }

    private List<Path> imageFiles() {
        return source.images != null ? ImageFileList.scan(source.images) : ImageFileList.readList(source.imagesList);
    }

    /** {@code --spark}: the images listed here, embedded in shards by the cluster module. */
    private int callOnBackend() {
        if (source.images == null && source.imagesList == null) {
            throw new DsmlException("--spark: embeds --images DIR or --images-list FILE, not a dataset");
        }
        if (labelsOut != null || pathsOut != null) {
            throw new DsmlException((labelsOut != null ? "--labels-out" : "--paths-out")
                    + ": not with --spark (the output directory holds index.tsv)");
        }
        if (shards != null && shards < 1) {
            throw new DsmlException("--shards " + shards + ": must be at least 1");
        }
        java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();
        for (String setting : sparkConf) {
            int eq = setting.indexOf('=');
            if (eq <= 0) {
                throw new DsmlException("--spark-conf " + setting + ": expected KEY=VALUE, e.g. spark.task.cpus=2");
            }
            settings.put(
                    setting.substring(0, eq).trim(), setting.substring(eq + 1).trim());
        }
        EmbedBackend backend = EmbedBackend.find();
        Path absoluteRun = runDir.toAbsolutePath().normalize();
        String cellId =
                RunCells.modelDir(absoluteRun, cell).getParent().getFileName().toString();
        int batch;
        try (TrainedCell model = TrainedCell.load(absoluteRun, cellId)) { // refuses an unreadable model here
            batch = model.description().inferenceBatch();
        }
        List<Path> files = imageFiles();
        Path outDir = out.toAbsolutePath().normalize();
        EmbedShards.prepare(outDir);
        EmbedShards.Manifest manifest = backend.run(
                new EmbedBackend.Job(
                        absoluteRun,
                        cellId,
                        files.stream()
                                .map(f -> f.toAbsolutePath().normalize().toString())
                                .toList(),
                        files.stream().map(Path::toString).toList(),
                        batch,
                        outDir,
                        shards == null ? 0 : shards,
                        spark,
                        settings),
                System.out);
        System.out.printf(
                "%s: %d x %d embeddings in %d shard(s) -> %s%n",
                cellId, manifest.count(), manifest.dim(), manifest.shards(), out);
        return 0;
    }

    private void write(EmbeddingSet set, List<String> names) {
        // Each output goes through a temporary file, so a failed run leaves no partial result.
        atomically(out, tmp -> Npy.writeFloat(tmp, set.data(), set.n(), set.dim()));
        if (labelsOut != null) {
            atomically(labelsOut, tmp -> Npy.writeInt(tmp, set.labels(), set.n()));
        }
        if (pathsOut != null) {
            atomically(pathsOut, tmp -> {
                try {
                    Files.write(tmp, names);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static void atomically(Path target, java.util.function.Consumer<Path> writer) {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            Path parent = target.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            writer.accept(tmp);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | UncheckedIOException e) {
            throw new DsmlException(target + ": cannot write: " + e.getMessage());
        }
    }
}
