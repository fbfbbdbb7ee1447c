package io.dsml.core.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * One experiment: a grid of cells (backbone x loss x seed) on one dataset, trained and evaluated
 * the same way. Read from YAML by {@link ConfigLoader}, which rejects unknown keys and invalid
 * values with the key's path.
 *
 * @param name the experiment's name; also its run-directory name
 * @param description one paragraph for humans
 * @param dataset the data and split
 * @param backbones the backbones to compare
 * @param embedding the embedding head
 * @param losses the losses to compare
 * @param training optimisation settings
 * @param evaluation what to measure
 * @param seeds one cell per seed (default [1])
 * @param engine the engine to train on ({@code mxnet} or {@code pytorch}), or null: {@code
 *     --engine}, {@code DSML_ENGINE} or the default decide (see {@link
 *     io.dsml.core.engine.EngineSelection})
 * @param tune what {@code dsml tune} searches ({@link TuneConfig}), or null; other commands ignore it
 */
public record ExperimentConfig(
        String name,
        String description,
        DatasetConfig dataset,
        List<ComponentConfig> backbones,
        EmbeddingConfig embedding,
        List<ComponentConfig> losses,
        TrainingConfig training,
        EvaluationConfig evaluation,
        List<Long> seeds,
        @JsonInclude(JsonInclude.Include.NON_NULL) String engine,
        @JsonInclude(JsonInclude.Include.NON_NULL) TuneConfig tune) {
    public ExperimentConfig {
        description = description == null ? "" : description;
        backbones = backbones == null ? List.of() : List.copyOf(backbones);
        losses = losses == null ? List.of() : List.copyOf(losses);
        embedding = embedding == null ? EmbeddingConfig.defaults() : embedding;
        training = training == null ? TrainingConfig.defaults() : training;
        evaluation = evaluation == null ? EvaluationConfig.defaults() : evaluation;
        // Absent means [1]; an explicit empty list is kept, so that validation rejects it.
        seeds = seeds == null ? List.of(1L) : List.copyOf(seeds);
    }

    /**
     * A copy with some components changed, e.g. {@code config.with(c -> c.engine = "pytorch")}; the
     * canonical constructor completes the copy as it does what the loader binds.
     */
    public ExperimentConfig with(Consumer<Components> change) {
        Components components = new Components(this);
        change.accept(components);
        return components.toConfig();
    }

    /** This experiment on {@code engine} (its key), as the run actually used it. */
    public ExperimentConfig withEngine(String engine) {
        return with(c -> c.engine = engine);
    }

    /** This experiment with another results-table baseline (see {@link EvaluationConfig#baseline}). */
    public ExperimentConfig withBaseline(String baseline) {
        return with(c -> c.evaluation = evaluation.withBaseline(baseline));
    }

    /**
     * This experiment reading its dataset from {@code dataDir} (the command line's {@code
     * --data-dir}), so that the run's {@code config.yaml} and models record where the data was.
     */
    public ExperimentConfig withDataDir(Path dataDir) {
        String absolute = dataDir.toAbsolutePath().normalize().toString();
        return with(c -> c.dataset = new DatasetConfig(dataset.name(), dataset.split(), absolute, dataset.params()));
    }

    /**
     * The components of an {@link ExperimentConfig} as fields to assign in {@link
     * ExperimentConfig#with}; each means what the record's component of that name means.
     */
    public static final class Components {
        public String name;
        public String description;
        public DatasetConfig dataset;
        public List<ComponentConfig> backbones;
        public EmbeddingConfig embedding;
        public List<ComponentConfig> losses;
        public TrainingConfig training;
        public EvaluationConfig evaluation;
        public List<Long> seeds;
        public String engine;
        public TuneConfig tune;

        private Components(ExperimentConfig config) {
            name = config.name;
            description = config.description;
            dataset = config.dataset;
            backbones = config.backbones;
            embedding = config.embedding;
            losses = config.losses;
            training = config.training;
            evaluation = config.evaluation;
            seeds = config.seeds;
            engine = config.engine;
            tune = config.tune;
        }

        private ExperimentConfig toConfig() {
            return new ExperimentConfig(
                    name,
                    description,
                    dataset,
                    backbones,
                    embedding,
                    losses,
                    training,
                    evaluation,
                    seeds,
                    engine,
                    tune);
        }
    }
}
