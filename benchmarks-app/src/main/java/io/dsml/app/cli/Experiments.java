package io.dsml.app.cli;

import io.dsml.core.config.ConfigLoader;
import io.dsml.core.config.ExperimentConfig;
import io.dsml.core.error.DsmlException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The experiments shipped inside the app, {@code experiments/<name>.yaml}, listed in index.txt. */
public final class Experiments {
    private Experiments() {}

    /** The names of the shipped experiments. */
    public static List<String> names() {
        try (InputStream in = resource("experiments/index.txt")) {
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                    .lines()
                    .map(String::trim)
                    .filter(l -> !l.isEmpty())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads a shipped experiment by name, with overrides. */
    public static ExperimentConfig load(String name, List<String> overrides) {
        if (!names().contains(name)) {
            throw new DsmlException("unknown experiment '" + name + "'; shipped: " + String.join(", ", names())
                    + " (or use 'dsml train --config FILE.yaml')");
        }
        String path = source(name);
        try (InputStream in = resource(path)) {
            return new ConfigLoader().load(path, in, overrides);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How a shipped experiment is named in messages: its resource path. */
    static String source(String name) {
        return "experiments/" + name + ".yaml";
    }

    private static InputStream resource(String path) {
        InputStream in = Experiments.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException(path + " missing from the app's resources");
        }
        return in;
    }
}
