package io.dsml.core.error;

/**
 * An expected failure caused by the user's input: a bad config value, a missing or malformed file,
 * an unknown name. The CLI prints its message as one line and exits with code 2, without a stack
 * trace. Messages name the file, line or config key at fault.
 */
public class DsmlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DsmlException(String message) {
        super(message);
    }

    public DsmlException(String message, Throwable cause) {
        super(message, cause);
    }
}
