package io.dsml.core.train;

/** The training loss became NaN or infinite; the cell stops and is marked diverged. */
public final class DivergenceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DivergenceException(String message) {
        super(message);
    }
}
