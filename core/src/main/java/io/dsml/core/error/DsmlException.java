package io.dsml.core.error;

import java.util.Optional;
import java.util.function.Function;

/**
 * An expected failure that the user can fix: a bad config value, a missing or malformed file, an
 * unknown name, an environment that lacks something. Messages name the file, line, config key or
 * input at fault, in one line.
 *
 * <p>When the fault is in one input given through a front end (a config override, a cell id), the
 * exception carries it as a {@link UserInput}, and its detail may mention kinds of input ({@link
 * UserInput.Kind#mention}, e.g. where plugins are looked for). {@link #getMessage} names them in
 * the library's words; a front end names them as its user knows them with {@link
 * #message(Function)} (the command line: by its options and environment variables).
 */
public class DsmlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String context;
    private final UserInput input;
    private final String detail;

    /** @param message what is wrong, possibly with {@linkplain UserInput.Kind#mention mentions} */
    public DsmlException(String message) {
        this(message, (Throwable) null);
    }

    /** @param message what is wrong, possibly with {@linkplain UserInput.Kind#mention mentions} */
    public DsmlException(String message, Throwable cause) {
        super(message == null ? null : render(null, null, message, UserInput.Kind::noun), cause);
        this.context = null;
        this.input = null;
        this.detail = message;
    }

    /**
     * A fault in {@code input}.
     *
     * @param detail what is wrong with it, possibly with {@linkplain UserInput.Kind#mention mentions}
     */
    public DsmlException(UserInput input, String detail) {
        this(null, input, detail);
    }

    /**
     * A fault within {@code context} (e.g. the config file or the config key it is in), in {@code
     * input} when it is about one.
     *
     * @param context what the message starts with, or {@code null}
     * @param input the input at fault, or {@code null}
     * @param detail what is wrong, possibly with {@linkplain UserInput.Kind#mention mentions}
     */
    public DsmlException(String context, UserInput input, String detail) {
        super(render(context, input, detail, UserInput.Kind::noun));
        this.context = context;
        this.input = input;
        this.detail = detail;
    }

    /** The input this failure is about, if it is about one. */
    public Optional<UserInput> input() {
        return Optional.ofNullable(input);
    }

    /** The message with every kind of input named by {@code names} (e.g. by its option). */
    public String message(Function<UserInput.Kind, String> names) {
        return detail == null ? getMessage() : render(context, input, detail, names);
    }

    private static String render(
            String context, UserInput input, String detail, Function<UserInput.Kind, String> names) {
        StringBuilder message = new StringBuilder();
        if (context != null) {
            message.append(context).append(": ");
        }
        if (input != null) {
            String name = input.kind().mention();
            message.append(input.value() == null ? name : name + " " + input.value())
                    .append(": ");
        }
        String text = message.append(detail).toString();
        for (UserInput.Kind kind : UserInput.Kind.values()) {
            if (text.contains(kind.mention())) {
                text = text.replace(kind.mention(), names.apply(kind));
            }
        }
        return text;
    }
}
