package io.dsml.app.tune;

import io.dsml.core.config.ConfigLoader;
import io.dsml.core.config.ExperimentConfig;
import io.dsml.core.files.AtomicFile;
import io.dsml.core.run.RunDirectory;
import io.dsml.core.tune.Trial;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code tune.md} at the top of a tuning run: the protocol, and for each loss its trials' outcome,
 * its best trial and values; and each loss's {@code best.yaml}, the experiment of its best trial
 * (with every seed), which {@code dsml train --config} runs as it is.
 */
final class TuneSummary {
    static final String FILE = "tune.md";
    static final String BEST = "best.yaml";

    private TuneSummary() {}

    static void write(RunDirectory root, ExperimentConfig config, java.util.List<Tuner.LossSearch> searches) {
        ConfigLoader loader = new ConfigLoader();
        StringBuilder md = new StringBuilder("# " + config.name() + ": tuning\n\n");
        var e = config.evaluation();
        md.append(String.format(
                Locale.ROOT,
                "Method %s, at most %d trial(s) per loss%s, seed %d; each trial trains with seed %d and is scored by"
                        + " val_%s on held-out training classes (%s), never on the test split. Each loss's best"
                        + " configuration then trains with seeds %s: final/results.md.%n%n",
                config.tune().method(),
                config.tune().trials(),
                config.tune().wallTime() == null
                        ? ""
                        : " within " + config.tune().wallTime() + " of training",
                config.tune().seed(),
                config.seeds().get(0),
                e.selectMetric(),
                e.crossValidates()
                        ? "mean over " + e.folds() + " class-disjoint folds, fold_seed " + e.foldSeed()
                        : "split " + e.selectSplit(),
                config.seeds()));
        md.append(
                "| loss | trials | complete | failed | running | best trial | mean validation score | its values |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        for (Tuner.LossSearch s : searches) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %d | %d | %d | %s | %s | %s |%n",
                    s.loss(),
                    s.trials().size(),
                    count(s, Trial.Status.COMPLETE),
                    count(s, Trial.Status.FAILED),
                    count(s, Trial.Status.RUNNING),
                    s.best() == null ? "none" : Integer.toString(s.best().number()),
                    s.best() == null
                            ? ""
                            : String.format(Locale.ROOT, "%.4f", s.best().score()),
                    s.best() == null ? "" : s.best().params().toString().replace("|", "\\|")));
            if (s.bestConfig() != null) {
                Path best = Tuner.lossDir(root, "tune", s.loss()).resolve(BEST);
                byte[] yaml = loader.toYaml(s.bestConfig()).getBytes(StandardCharsets.UTF_8);
                AtomicFile.write(best, "best configuration", out -> out.write(yaml));
            }
        }
        md.append("\nEach loss's trials: tune/<loss>/trials.md (and .csv), plots in tune/<loss>/plots/, its best"
                + " experiment in tune/<loss>/best.yaml.\n");
        byte[] bytes = md.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFile.write(root.root().resolve(FILE), "tuning summary", out -> out.write(bytes));
    }

    private static long count(Tuner.LossSearch s, Trial.Status status) {
        return s.trials().stream().filter(t -> t.status() == status).count();
    }
}
