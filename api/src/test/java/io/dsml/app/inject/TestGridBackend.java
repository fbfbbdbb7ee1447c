package io.dsml.app.inject;

import io.dsml.app.grid.GridBackend;
import io.dsml.core.run.ExperimentRunner;
import java.io.PrintStream;

/** A grid backend plugin for the tests, listed in this module's test META-INF/services. */
public class TestGridBackend implements GridBackend {
    static final String NAME = "test-grid";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ExperimentRunner.Summary run(Job job, ExperimentRunner.Prepared prepared, PrintStream out) {
        throw new UnsupportedOperationException("a discovery fixture: never runs");
    }

    /** A second backend under the same name, listed only by the test that expects the clash. */
    public static final class Twin extends TestGridBackend {}
}
