package io.dsml.app.cli;

import java.io.PrintStream;
import picocli.CommandLine;

/**
 * What every dsml command has: its picocli spec, and through it the writers it prints to (never
 * {@code System.out}: whoever runs the command line chooses them, see {@link Console}).
 */
abstract class CommandBase {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The command's standard output. */
    PrintStream out() {
        return Console.out(spec);
    }

    /** The command's standard error. */
    PrintStream err() {
        return Console.err(spec);
    }
}
