package io.dsml.app.api;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import io.dsml.core.assemble.CellAssembler;
import io.dsml.core.data.SubsetImages;
import io.dsml.core.engine.NativeLibraries;
import io.dsml.core.error.DsmlException;
import io.dsml.core.export.ModelDescription;
import io.dsml.core.export.ModelExport;
import io.dsml.core.export.ParameterFile;
import io.dsml.core.inject.Registries;
import io.dsml.core.model.TrainingBlock;
import io.dsml.core.params.Params;
import io.dsml.core.spi.BackboneFactory;
import io.dsml.core.spi.ClassScorer;
import io.dsml.core.spi.ImageShape;
import io.dsml.core.spi.LabeledImages;
import io.dsml.core.spi.LossFactory;
import io.dsml.core.spi.MetricLoss;
import io.dsml.core.train.EmbeddingExtractor;
import io.dsml.core.train.MetricTrainer;
import io.dsml.evaluation.EmbeddingSet;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * A finished cell's network and loss rebuilt from its {@code model/} directory, in inference mode:
 * embeds images exactly as the cell's final evaluation did (same network, same batch size, the
 * last batch padded) and classifies embeddings with the loss's class state. Holds native memory:
 * close it. Not thread-safe. The machinery behind {@link TrainedCell}, the one trained-model type
 * of the API.
 */
final class LoadedModel implements AutoCloseable {
    private final ModelDescription description;
    private final NDManager manager;
    private final TrainingBlock block;
    private final EmbeddingExtractor extractor;

    private LoadedModel(ModelDescription description, NDManager manager, TrainingBlock block) {
        this.description = description;
        this.manager = manager;
        this.block = block;
        this.extractor = new EmbeddingExtractor(block.embedder(), manager, description.inferenceBatch());
    }

    /**
     * Loads {@code modelDir} ({@code model.json} and its parameter file), building the backbone
     * and loss by name from {@code registries}.
     *
     * @throws DsmlException when the files are absent, malformed, or do not fit the components
     */
    static LoadedModel load(Path modelDir, Registries registries) {
        NativeLibraries.initialise(); // the Java API's entry point: before the engine starts
        ModelDescription d = ModelExport.read(modelDir);
        ImageShape input = inputShape(d, modelDir);
        BackboneFactory backbones = registries.backbones().get(d.backbone().name(), "model.json: backbone.name");
        LossFactory losses = registries.losses().get(d.loss().name(), "model.json: loss.name");
        // built as the run built it, so that the saved parameters fit
        Block embedder = CellAssembler.network(
                backbones,
                Params.resolve(
                        "model.json: backbone.params",
                        backbones.params(),
                        d.backbone().params()),
                input,
                d.embedding(),
                d.embedding().normalize());
        MetricLoss loss = CellAssembler.loss(
                losses,
                Params.resolve(
                        "model.json: loss.params", losses.params(), d.loss().params()),
                d.classes(),
                d.embedding().dim());
        TrainingBlock block = new TrainingBlock(embedder, loss);
        NDManager manager = NDManager.newBaseManager();
        try {
            // Every value is overwritten from the file; the initialiser only has to allocate.
            block.setInitializer(Initializer.ZEROS, MetricTrainer.WEIGHTS_WITHOUT_INITIALIZER);
            int batch = d.inferenceBatch();
            block.initialize(manager, DataType.FLOAT32, input.batchShape(batch), new Shape(batch));
            ParameterFile.read(modelDir.resolve(d.parameters()), block, manager);
            return new LoadedModel(d, manager, block);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private static ImageShape inputShape(ModelDescription d, Path modelDir) {
        if (d.pipeline() == null) {
            throw new DsmlException(modelDir.resolve(ModelExport.DESCRIPTION)
                    + ": no test-time pipeline recorded (the dataset's images are not pictures)");
        }
        return d.pipeline().shape();
    }

    /** What the model was saved with. */
    public ModelDescription description() {
        return description;
    }

    /** The embedding dimension. */
    public int dim() {
        return description.embedding().dim();
    }

    /** Whether the loss classifies (it has class state and a classifier). */
    public boolean classifies() {
        return block.loss().classifier().isPresent();
    }

    /**
     * Embeddings of every image of {@code images}, in index order, in inference mode.
     *
     * @param progress called with the number of images done after each chunk, or {@code null}
     */
    public EmbeddingSet embed(LabeledImages images, IntConsumer progress) {
        if (!images.shape().equals(description.pipeline().shape())) {
            throw new DsmlException("the images are " + images.shape() + ", the model takes "
                    + description.pipeline().shape());
        }
        int n = images.size();
        // Chunks of whole batches, so the passes (and their padding) are those of one full pass.
        int chunk = extractor.batchSize() * 8;
        if (progress == null || n <= chunk) {
            EmbeddingSet all = extractor.embed(images);
            if (progress != null) {
                progress.accept(n);
            }
            return all;
        }
        float[] data = new float[n * dim()];
        for (int start = 0; start < n; start += chunk) {
            int end = Math.min(n, start + chunk);
            int[] indices = new int[end - start];
            for (int i = 0; i < indices.length; i++) {
                indices[i] = start + i;
            }
            EmbeddingSet part = extractor.embed(new SubsetImages(images, indices, false));
            System.arraycopy(part.data(), 0, data, start * dim(), part.data().length);
            progress.accept(end);
        }
        return new EmbeddingSet(data, n, dim(), images.labels());
    }

    /**
     * The class each embedding is assigned to (argmax of the loss's scores) and its posterior
     * probability, or NaN when the loss defines no posterior.
     *
     * @param embeddings {@code n} rows of {@link #dim()} floats, as the model emits them
     * @return empty when the loss has no classifier
     */
    public Optional<TrainedCell.Predictions> classify(float[] embeddings, int n) {
        Optional<ClassScorer> scorer = block.loss().classifier();
        if (scorer.isEmpty()) {
            return Optional.empty();
        }
        Optional<ClassScorer> posterior = block.loss().probabilityLogits();
        int[] classes = new int[n];
        float[] probabilities = new float[n];
        try (NDManager scope = manager.newSubManager()) {
            ParameterStore store = new ParameterStore(scope, false);
            NDArray z = scope.create(embeddings, new Shape(n, dim()));
            NDArray scores = scorer.get().scores(store, z);
            long[] argmax = scores.argMax(1).toLongArray();
            float[] p = posterior.isPresent()
                    ? posterior.get().scores(store, z).softmax(1).toFloatArray()
                    : null;
            int c = (int) scores.getShape().get(1);
            for (int i = 0; i < n; i++) {
                classes[i] = (int) argmax[i];
                probabilities[i] = p == null ? Float.NaN : p[i * c + classes[i]];
            }
        }
        return Optional.of(new TrainedCell.Predictions(classes, probabilities));
    }

    /**
     * @param classes the predicted (dense, training) class of each row
     * @param probabilities its posterior probability, NaN when the loss defines none
     */
    @Override
    public void close() {
        manager.close();
    }
}
