package io.dsml.core.export;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dsml.core.config.ExperimentConfig;
import io.dsml.core.error.DsmlException;
import io.dsml.core.run.ExperimentRunner;
import io.dsml.core.spi.DatasetSplits;
import io.dsml.core.train.TrainingContext;
import io.dsml.core.train.TrainingListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes a finished cell's model to {@code cells/<id>/model/} ({@code model.json}, {@code
 * parameters.bin} and {@code provenance.json}) and reads its description back. The directory is
 * written under a temporary name and renamed, so a model directory that exists is complete.
 */
public final class ModelExport {
    /** The model's directory inside a cell directory. */
    public static final String DIRECTORY = "model";
    /** The description's file name. */
    public static final String DESCRIPTION = "model.json";
    /** The parameter file's name. */
    public static final String PARAMETERS = "parameters.bin";

    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ModelExport() {}

    /**
     * What to write for a cell of {@code config}; the inference batch is filled in when the model
     * is written.
     */
    public static ModelDescription describe(
            ExperimentConfig config, ExperimentRunner.CellPlan plan, DatasetSplits data) {
        return new ModelDescription(
                ModelDescription.FORMAT,
                ModelDescription.VERSION,
                plan.id(),
                new ModelDescription.Component(
                        plan.backbone().name(),
                        plan.backbone().displayName(),
                        plan.backboneParams().asMap()),
                config.embedding(),
                new ModelDescription.Component(
                        plan.loss().name(),
                        plan.loss().displayName(),
                        plan.lossParams().asMap()),
                data.train().classes(),
                data.sharedClasses(),
                data.test().testTimePipeline().orElse(null),
                new ModelDescription.Dataset(
                        config.dataset().name(),
                        config.dataset().split(),
                        config.dataset().params(),
                        config.dataset().dataDir()),
                config.training().batchSize(),
                plan.seed(),
                PARAMETERS,
                null);
    }

    /** A listener that writes the model into {@code cellDir/model/} when training ends. */
    public static TrainingListener listener(Path cellDir, ModelDescription description) {
        return new TrainingListener() {
            @Override
            public void onTrainingEnd(TrainingContext context) {
                ModelDescription withBatch = new ModelDescription(
                        description.format(),
                        description.version(),
                        description.cellId(),
                        description.backbone(),
                        description.embedding(),
                        description.loss(),
                        description.classes(),
                        description.sharedClasses(),
                        description.pipeline(),
                        description.dataset(),
                        context.extractor().batchSize(),
                        description.seed(),
                        description.parameters(),
                        engineOf(context));
                write(
                        cellDir.resolve(DIRECTORY),
                        withBatch,
                        context.trainer().getModel().getBlock());
            }
        };
    }

    /** The engine that trained the model, as it names itself. */
    private static String engineOf(TrainingContext context) {
        ai.djl.engine.Engine engine = context.trainer().getManager().getEngine();
        return engine.getEngineName() + " " + engine.getVersion();
    }

    /** Writes {@code modelDir} (replacing it) through a temporary sibling directory. */
    static void write(Path modelDir, ModelDescription description, ai.djl.nn.Block block) {
        Path tmp = modelDir.resolveSibling(modelDir.getFileName() + ".tmp");
        try {
            deleteTree(tmp);
            Files.createDirectories(tmp);
            Files.writeString(tmp.resolve(DESCRIPTION), JSON.writeValueAsString(description));
            ParameterFile.write(tmp.resolve(description.parameters()), block);
            Files.writeString(tmp.resolve(Provenance.FILE), JSON.writeValueAsString(Provenance.collect()));
            deleteTree(modelDir);
            Files.move(tmp, modelDir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model to " + modelDir, e);
        }
    }

    /**
     * Reads {@code modelDir/model.json}.
     *
     * @throws DsmlException when it is absent, malformed or of another format version
     */
    public static ModelDescription read(Path modelDir) {
        Path file = modelDir.resolve(DESCRIPTION);
        if (!Files.isRegularFile(file)) {
            throw new DsmlException(file + ": no saved model (cells save one when they finish; this cell has none)");
        }
        ModelDescription description;
        try {
            description = JSON.readValue(file.toFile(), ModelDescription.class);
        } catch (IOException e) {
            throw new DsmlException(file + ": malformed model description: " + firstLine(e.getMessage()));
        }
        if (!ModelDescription.FORMAT.equals(description.format())) {
            throw new DsmlException(
                    file + ": format is '" + description.format() + "', expected '" + ModelDescription.FORMAT + "'");
        }
        if (description.version() != ModelDescription.VERSION) {
            throw new DsmlException(file + ": model format version " + description.version() + ", this dsml reads "
                    + ModelDescription.VERSION);
        }
        return description;
    }

    /** Reads {@code modelDir/provenance.json}, or empty when it is absent or unreadable. */
    public static java.util.Optional<Provenance> provenance(Path modelDir) {
        try {
            return java.util.Optional.of(
                    JSON.readValue(modelDir.resolve(Provenance.FILE).toFile(), Provenance.class));
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("");
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
