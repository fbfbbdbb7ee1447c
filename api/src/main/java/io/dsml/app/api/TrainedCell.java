package io.dsml.app.api;

import io.dsml.app.inject.AppInjector;
import io.dsml.core.data.SubsetImages;
import io.dsml.core.error.DsmlException;
import io.dsml.core.error.UserInput;
import io.dsml.core.export.EmbeddingsManifest;
import io.dsml.core.export.ModelDescription;
import io.dsml.core.inject.Registries;
import io.dsml.core.params.Params;
import io.dsml.core.spi.DatasetProvider;
import io.dsml.core.spi.DatasetSplits;
import io.dsml.core.spi.ImageShape;
import io.dsml.core.spi.LabeledImages;
import io.dsml.core.spi.TestTimePipeline;
import io.dsml.data.files.FileImages;
import io.dsml.data.files.ImageFileList;
import io.dsml.data.pipeline.ImageDecoder;
import io.dsml.data.pipeline.TestTimeTransform;
import io.dsml.evaluation.EmbeddingSet;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.IntConsumer;

/**
 * A finished cell of a run, loaded for use: embeds images (files, {@code BufferedImage}s, a
 * dataset's split) through the cell's test-time pipeline and network, classifies embeddings with
 * its loss's class state, and searches galleries. Holds native memory: close it. Not thread-safe.
 *
 * <pre>{@code
 * try (TrainedCell cell = TrainedCell.load(Path.of("runs/quickstart/20260101-120000"), null)) {
 *     Gallery gallery = cell.gallery(ImageFileList.scan(Path.of("photos")), null);
 *     for (Gallery.Hit hit : gallery.search(cell.embed(Path.of("query.png")), 5)) {
 *         System.out.println(hit.rank() + " " + hit.name() + " " + hit.score());
 *     }
 * }
 * }</pre>
 */
public final class TrainedCell implements AutoCloseable {
    private final Path modelDir;
    private final String cellId;
    private final LoadedModel model;
    private final Registries registries;

    private TrainedCell(Path modelDir, LoadedModel model, Registries registries) {
        this.modelDir = modelDir;
        this.cellId = modelDir.getParent().getFileName().toString();
        this.model = model;
        this.registries = registries;
    }

    /**
     * Loads cell {@code cellId} of the run in {@code runDir}, or its first finished cell (in the
     * grid's order, {@link RunCells#finished}) when {@code cellId} is {@code null}.
     *
     * @throws DsmlException when the run has no such finished cell or its model is unreadable
     */
    public static TrainedCell load(Path runDir, String cellId) {
        return load(runDir, cellId, AppInjector.create().getInstance(Registries.class));
    }

    /**
     * As {@link #load(Path, String)}, with the components of the caller's injector (the command
     * line has one already).
     */
    public static TrainedCell load(Path runDir, String cellId, Registries registries) {
        return open(RunCells.modelDir(runDir, cellId, registries), registries);
    }

    /**
     * Loads the cell whose {@code model/} directory is {@code modelDir} ({@code cells/<id>/model}),
     * finished or not (the report's confusion matrices read models this way).
     *
     * @throws DsmlException when the model is absent or unreadable
     */
    public static TrainedCell open(Path modelDir, Registries registries) {
        return new TrainedCell(modelDir, LoadedModel.load(modelDir, registries), registries);
    }

    /**
     * Classes and probabilities of many embeddings.
     *
     * @param classes the class each embedding is assigned to (argmax of the loss's scores)
     * @param probabilities its posterior probability, NaN for a loss without a posterior
     */
    public record Predictions(int[] classes, float[] probabilities) {}

    /**
     * The manifest of {@code rows} embeddings of {@code source} made by this cell's model: run,
     * cell, epoch and the model's checksum, written beside an embeddings file.
     */
    public EmbeddingsManifest manifest(int rows, String source) {
        return EmbeddingsManifest.of(modelDir, model.description(), rows, dim(), source);
    }

    /**
     * Refuses embeddings whose manifest says another cell or another model (a retrained cell, an
     * other epoch) made them; embeddings without a manifest cannot be checked.
     *
     * @return whether {@code embeddings} has a manifest (so was checked)
     * @throws DsmlException naming both cells (or the differing model) in one line
     */
    public boolean requireMadeByThisModel(Path embeddings) {
        java.util.Optional<EmbeddingsManifest> made = EmbeddingsManifest.read(embeddings);
        if (made.isEmpty()) {
            return false;
        }
        EmbeddingsManifest m = made.get();
        if (!m.cell().equals(cellId)) {
            throw new DsmlException(embeddings + ": embedded by cell " + m.cell() + epochText(m.epoch())
                    + ", not by cell " + cellId + "; search with " + UserInput.Kind.CELL.mention() + " " + m.cell()
                    + " or embed the gallery again with " + UserInput.Kind.CELL.mention() + " " + cellId);
        }
        if (!m.modelSha256().equals(EmbeddingsManifest.parametersSha256(modelDir, model.description()))) {
            throw new DsmlException(embeddings + ": embedded by another model of cell " + cellId
                    + epochText(m.epoch()) + " than the one saved now"
                    + epochText(model.description().epoch())
                    + " (the cell was trained again); embed the gallery again");
        }
        return true;
    }

    private static String epochText(Integer epoch) {
        return epoch == null ? "" : " (epoch " + epoch + ")";
    }

    /** The cell's id (its directory name). */
    public String cellId() {
        return cellId;
    }

    /** What the cell's model was saved with. */
    public ModelDescription description() {
        return model.description();
    }

    /** The embedding dimension. */
    public int dim() {
        return model.dim();
    }

    /** The test-time pipeline images go through. */
    public TestTimePipeline pipeline() {
        return model.description().pipeline();
    }

    /** The embedding of one image. */
    public float[] embed(BufferedImage image) {
        float[] tensor = new float[pipeline().shape().size()];
        TestTimeTransform.apply(pipeline(), ImageDecoder.fromBuffered(image), tensor, 0);
        return model.embed(new Tensors(tensor, pipeline().shape()), null).data();
    }

    /** The embedding of one image file. */
    public float[] embed(Path imageFile) {
        return embed(List.of(imageFile), null).data();
    }

    /**
     * The embeddings of image files, in order, batched; every file's header is read first, so an
     * unreadable one fails before any work.
     *
     * @param progress called with the number of images done, or {@code null}
     */
    public EmbeddingSet embed(List<Path> imageFiles, IntConsumer progress) {
        return model.embed(new ImageFileList(imageFiles, pipeline()).checked(), progress);
    }

    /** A gallery of image files, named by their paths. */
    public Gallery gallery(List<Path> imageFiles, IntConsumer progress) {
        EmbeddingSet set = embed(imageFiles, progress);
        return new Gallery(
                set.data(),
                set.n(),
                set.dim(),
                imageFiles.stream().map(Path::toString).toList());
    }

    /**
     * The embeddings of one part of a dataset split, as the cell's training run computed its
     * test embeddings. The run's own dataset uses the run's dataset options (so a seeded split is
     * the same split); another dataset uses its defaults.
     *
     * @param part {@code test} or {@code train}
     * @param dataDir where the files are, or {@code null} for the run's or the default locations
     * @param progress given the number of images, what to call with the number done; or {@code null}
     */
    public DatasetEmbeddings embedDataset(
            String name,
            String split,
            String part,
            Path dataDir,
            java.util.function.IntFunction<IntConsumer> progress) {
        if (!part.equals("test") && !part.equals("train")) {
            throw new DsmlException(UserInput.of(UserInput.Kind.PART), "'" + part + "' is not one of test, train");
        }
        DatasetProvider provider = registries.datasets().get(name, UserInput.Kind.DATASET.mention());
        if (!provider.splits().contains(split)) {
            throw new DsmlException(
                    UserInput.of(UserInput.Kind.SPLIT),
                    "'" + split + "' is not a split of " + name + "; valid: " + String.join(", ", provider.splits()));
        }
        ModelDescription.Dataset own = model.description().dataset();
        boolean same = own != null && own.name().equals(name);
        Map<String, Object> options = same && own.params() != null ? own.params() : Map.of();
        Path dir = dataDir != null ? dataDir : same && own.dataDir() != null ? Path.of(own.dataDir()) : null;
        DatasetSplits data = provider.load(Params.resolve("dataset.params", provider.params(), options), split, dir);
        LabeledImages images = part.equals("test") ? data.test() : data.train();
        EmbeddingSet set = model.embed(images, progress == null ? null : progress.apply(images.size()));
        List<String> names = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            names.add(nameOf(images, i, name + "/" + split + "/" + part + "#" + i));
        }
        return new DatasetEmbeddings(set, names);
    }

    /** The image file behind sample {@code i} when there is one, else {@code fallback}. */
    static String nameOf(LabeledImages images, int i, String fallback) {
        LabeledImages base = images;
        int index = i;
        while (base instanceof SubsetImages subset) {
            index = subset.baseIndex(index);
            base = subset.base();
        }
        if (base instanceof FileImages files) {
            return files.entry(index).file().toString();
        }
        return fallback;
    }

    /**
     * A dataset part's embeddings with a name per sample.
     *
     * @param embeddings the embeddings and dense labels
     * @param names each sample's image file, or {@code dataset/split/part#index} for in-memory data
     */
    public record DatasetEmbeddings(EmbeddingSet embeddings, List<String> names) {}

    /**
     * The class the loss assigns {@code embedding} to and its posterior probability (NaN for a
     * loss without a posterior); empty for losses without a classifier (pair-based losses).
     */
    public Optional<Prediction> classify(float[] embedding) {
        return model.classify(embedding, 1).map(p -> new Prediction(p.classes()[0], p.probabilities()[0]));
    }

    /** Classes and probabilities of many embeddings at once, or empty without a classifier. */
    public Optional<Predictions> classify(EmbeddingSet embeddings) {
        return model.classify(embeddings.data(), embeddings.n());
    }

    /**
     * The dataset's name of training class {@code classIndex} as {@code model.json} records it;
     * empty for datasets that number their classes only, and for models saved before names.
     */
    public Optional<String> className(int classIndex) {
        List<String> names = model.description().classNames();
        return names == null || classIndex < 0 || classIndex >= names.size()
                ? Optional.empty()
                : Optional.of(names.get(classIndex));
    }

    /**
     * @param classIndex the dense training class
     * @param probability its posterior probability, NaN when the loss defines none
     */
    public record Prediction(int classIndex, float probability) {}

    @Override
    public void close() {
        model.close();
    }

    /** Already transformed tensors, for the single-image path. */
    private record Tensors(float[] values, ImageShape shape) implements LabeledImages {
        @Override
        public int size() {
            return values.length / shape.size();
        }

        @Override
        public int classes() {
            return 1;
        }

        @Override
        public int label(int index) {
            return 0;
        }

        @Override
        public void read(int index, float[] destination, int offset, boolean augment, Random random) {
            System.arraycopy(values, index * shape.size(), destination, offset, shape.size());
        }
    }
}
