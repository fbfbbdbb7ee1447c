package io.dsml.core.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dsml.core.config.CellPlan;
import io.dsml.core.config.EmbeddingConfig;
import io.dsml.core.config.ExperimentConfig;
import io.dsml.core.config.JacksonMessages;
import io.dsml.core.error.DsmlException;
import io.dsml.core.files.IoFailure;
import io.dsml.core.spi.DatasetSplits;
import io.dsml.core.train.TrainingContext;
import io.dsml.core.train.TrainingListener;
import java.io.IOException;
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
    /**
     * The embedding head as the cell trained it: a loss may override {@code embedding.normalize}
     * ({@code normalize_embedding}), and the model must be rebuilt with the head it was trained with.
     */
    private static EmbeddingConfig trainedEmbedding(ExperimentConfig config, CellPlan plan) {
        EmbeddingConfig embedding = config.embedding();
        return new EmbeddingConfig(
                embedding.dim(),
                plan.loss().normalizesEmbedding(embedding.normalize()),
                embedding.batchNorm(),
                embedding.pooling());
    }

    public static ModelDescription describe(ExperimentConfig config, CellPlan plan, DatasetSplits data) {
        return new ModelDescription(
                ModelDescription.FORMAT,
                ModelDescription.VERSION,
                plan.id(),
                new ModelDescription.Component(
                        plan.backbone().name(),
                        plan.backbone().displayName(),
                        plan.backboneParams().asMap()),
                trainedEmbedding(config, plan),
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
                config.training().epochs(),
                data.train().classNames(),
                engineInUse());
    }

    /**
     * A listener that writes the last epoch's model into {@code cellDir/model/} when training
     * ends (without model selection: the reported epoch is the last).
     */
    public static TrainingListener listener(Path cellDir, ModelDescription description) {
        return new TrainingListener() {
            @Override
            public void onTrainingEnd(TrainingContext context) {
                save(
                        cellDir,
                        description.at(description.epoch(), context.extractor().batchSize()),
                        context);
            }
        };
    }

    /** Writes the current parameters of the cell being trained in {@code context} as {@code cellDir/model/}. */
    public static void save(Path cellDir, ModelDescription description, TrainingContext context) {
        write(
                cellDir.resolve(DIRECTORY),
                description,
                context.trainer().getModel().getBlock());
    }

    /**
     * The engine this process trains on, as it names itself (e.g. {@code "PyTorch 2.7.1"}): the run
     * chose it (EngineSelection) before any cell is described.
     */
    private static String engineInUse() {
        ai.djl.engine.Engine engine = ai.djl.engine.Engine.getInstance();
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
            throw new DsmlException(modelDir + ": cannot write the model: " + IoFailure.reason(e), e);
        }
    }

    /**
     * Reads {@code modelDir/model.json} and checks every field ({@link ModelDescriptionCheck}).
     *
     * @throws DsmlException when it is absent, malformed, out of range or of another format version
     */
    public static ModelDescription read(Path modelDir) {
        Path file = modelDir.resolve(DESCRIPTION);
        if (!Files.isRegularFile(file)) {
            throw new DsmlException(file + ": no saved model (cells save one when they finish; this cell has none)");
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new DsmlException(file + ": malformed model description: " + JacksonMessages.syntax(e));
        } catch (IOException e) {
            throw new DsmlException(file + ": cannot read the model description: " + IoFailure.reason(e));
        }
        if (tree == null || !tree.isObject()) {
            throw new DsmlException(file + ": malformed model description: not a JSON object");
        }
        String format = tree.path("format").asText("");
        if (!ModelDescription.FORMAT.equals(format)) {
            throw new DsmlException(file + ": format is " + (format.isEmpty() ? "missing" : "'" + format + "'")
                    + ", expected '" + ModelDescription.FORMAT + "'");
        }
        int version = tree.path("version").asInt(-1);
        if (version < ModelDescription.OLDEST_VERSION || version > ModelDescription.VERSION) {
            throw new DsmlException(
                    file + ": model format version " + tree.path("version").asText("(missing)")
                            + ", this dsml reads versions " + ModelDescription.OLDEST_VERSION + " to "
                            + ModelDescription.VERSION);
        }
        ModelDescription description;
        try {
            description = JSON.treeToValue(tree, ModelDescription.class);
        } catch (JsonMappingException e) {
            throw new DsmlException(
                    file + ": invalid value at '" + JacksonMessages.path(e) + "': " + JacksonMessages.mapping(e, tree));
        } catch (JsonProcessingException e) {
            throw new DsmlException(file + ": malformed model description: " + JacksonMessages.syntax(e));
        }
        ModelDescriptionCheck.validate(file, description);
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
