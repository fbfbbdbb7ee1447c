package io.dsml.app.cli;

import com.google.inject.Inject;
import io.dsml.app.api.RunCells;
import io.dsml.app.api.TrainedCell;
import io.dsml.app.grid.EmbedBackend;
import io.dsml.app.grid.EmbedShards;
import io.dsml.app.grid.GridBackends;
import io.dsml.core.error.DsmlException;
import io.dsml.core.export.EmbeddingsManifest;
import io.dsml.core.files.FileSet;
import io.dsml.data.files.ImageFileList;
import io.dsml.evaluation.EmbeddingSet;
import io.dsml.evaluation.Npy;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
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
public final class EmbedCommand extends ComponentsCommand implements Callable<Integer> {
    /** The embedding backends on the class path, for {@code --spark}. */
    @Inject
    GridBackends backends;

    @picocli.CommandLine.Mixin
    RunCellOptions run;

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

    @Option(
            names = "--paths-out",
            paramLabel = "P.txt",
            description = "One image path (or sample name) per line; names with a line break are refused.")
    Path pathsOut;

    @Override
    public Integer call() {
        if (spark != null) {
            return callOnBackend();
        }
        if (!sparkConf.isEmpty() || shards != null) {
            throw new DsmlException((shards != null ? "--shards" : "--spark-conf") + " needs --spark MASTER");
        }
        try (TrainedCell model = TrainedCell.load(run.runDir, run.cell, registries)) {
            EmbeddingSet set;
            List<String> names;
            String what;
            if (source.images != null || source.imagesList != null) {
                List<Path> files = imageFiles();
                names = files.stream().map(Path::toString).toList();
                requireOneLineEach(names);
                set = model.embed(files, ProgressBar.onStderr(spec, "embed " + model.cellId(), files.size()));
                what = source.images != null ? "--images " + source.images : "--images-list " + source.imagesList;
            } else {
                DatasetSource d = source.dataset;
                TrainedCell.DatasetEmbeddings result = model.embedDataset(
                        d.name,
                        d.split,
                        d.part,
                        d.dataDir,
                        total -> ProgressBar.onStderr(spec, "embed " + model.cellId(), total));
                set = result.embeddings();
                names = result.names();
                requireOneLineEach(names);
                what = d.name + "/" + d.split + "/" + d.part;
            }
            write(set, names, model.manifest(set.n(), what));
            out().printf("%s: %d x %d embeddings -> %s%n", model.cellId(), set.n(), set.dim(), out);
            announceDefaultCell(err(), run.cell, model.cellId());
        }
        return 0;
    }

    /**
     * Without {@code --cell}, says which cell was taken, after the work (so that an error stays
     * one line) and on stderr (stdout may be parsed).
     */
    static void announceDefaultCell(PrintStream err, String requested, String taken) {
        if (requested == null) {
            err.println("cell " + taken + " (the grid's first finished cell; choose another with --cell)");
        }
    }

    /**
     * {@code --paths-out} holds one name a line, so a name with a line break would give more lines
     * than rows; such names are refused (before any work), not escaped, so that the file stays a
     * plain list any tool reads.
     */
    private void requireOneLineEach(List<String> names) {
        if (pathsOut == null) {
            return;
        }
        for (String name : names) {
            if (name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0) {
                throw new DsmlException("--paths-out: the image name '"
                        + name.replace("\n", "\\n").replace("\r", "\\r") + "' contains a line break; rename the file ("
                        + pathsOut
                        + " holds one name a line)");
            }
        }
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
        java.util.Map<String, String> settings = RunOptions.sparkSettings(sparkConf);
        EmbedBackend backend = backends.embedding(GridBackends.SPARK);
        Path absoluteRun = run.runDir.toAbsolutePath().normalize();
        String cellId = RunCells.modelDir(absoluteRun, run.cell, registries)
                .getParent()
                .getFileName()
                .toString();
        int batch;
        try (TrainedCell model =
                TrainedCell.load(absoluteRun, cellId, registries)) { // refuses an unreadable model here
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
                out());
        out().printf(
                        "%s: %d x %d embeddings in %d shard(s) -> %s%n",
                        cellId, manifest.count(), manifest.dim(), manifest.shards(), out);
        announceDefaultCell(err(), run.cell, cellId);
        return 0;
    }

    /**
     * The embeddings, labels, names and manifest replaced together or not at all ({@link FileSet}):
     * a failure (a full disk) leaves the previous set and no temporary file.
     */
    private void write(EmbeddingSet set, List<String> names, EmbeddingsManifest manifest) {
        List<FileSet.Member> files = new ArrayList<>();
        files.add(new FileSet.Member(
                out, "embeddings", stream -> stream.write(Npy.encodeFloat(set.data(), set.n(), set.dim()))));
        if (labelsOut != null) {
            files.add(new FileSet.Member(
                    labelsOut, "labels", stream -> stream.write(Npy.encodeInt(set.labels(), set.n()))));
        }
        if (pathsOut != null) {
            byte[] text = names.stream()
                    .map(name -> name + "\n")
                    .collect(Collectors.joining())
                    .getBytes(StandardCharsets.UTF_8);
            files.add(new FileSet.Member(pathsOut, "image names", stream -> stream.write(text)));
        }
        files.add(manifest.member(out));
        FileSet.write(files);
    }
}
