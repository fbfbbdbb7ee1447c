package io.dsml.app.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Where a command prints: its {@link picocli.CommandLine}'s out and err writers, never the global
 * {@code System.out}/{@code System.err}, so that whoever runs the command line (the {@code dsml}
 * main, a test, the plugin test kit) decides where its output goes, one run independently of
 * another. Library code takes a {@link PrintStream}; {@link #out} and {@link #err} give the
 * writers as one, passing each write straight through.
 */
public final class Console {
    private Console() {}

    /** The command's standard output as a stream. */
    public static PrintStream out(CommandSpec spec) {
        return stream(spec.commandLine().getOut());
    }

    /** The command's standard error as a stream. */
    public static PrintStream err(CommandSpec spec) {
        return stream(spec.commandLine().getErr());
    }

    /** A stream that writes through to {@code writer} and flushes it after every write. */
    static PrintStream stream(PrintWriter writer) {
        return new PrintStream(new WriterOutputStream(writer), true, StandardCharsets.UTF_8);
    }

    /**
     * UTF-8 bytes decoded back into the writer's characters; a character split across two writes
     * waits for its last byte.
     */
    private static final class WriterOutputStream extends OutputStream {
        private final PrintWriter writer;
        private final CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        /** The bytes of an incomplete character (at most 3) left by the previous write. */
        private byte[] pending = new byte[0];

        WriterOutputStream(PrintWriter writer) {
            this.writer = writer;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
            ByteBuffer in = ByteBuffer.allocate(pending.length + length);
            in.put(pending).put(bytes, offset, length).flip();
            CharBuffer chars = CharBuffer.allocate(in.remaining());
            decoder.decode(in, chars, false);
            pending = new byte[in.remaining()];
            in.get(pending);
            writer.write(chars.array(), 0, chars.position());
            writer.flush();
        }

        @Override
        public void flush() {
            writer.flush();
        }
    }
}
