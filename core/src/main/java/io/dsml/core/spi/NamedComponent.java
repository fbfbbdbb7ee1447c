package io.dsml.core.spi;

/**
 * Base of a registered component whose name and one-line description are fixed when it is made
 * (losses, backbones, datasets): stated once, in the subclass's constructor, and returned by the
 * SPI's {@code name()} and {@code description()}.
 */
public abstract class NamedComponent {
    private final String name;
    private final String description;

    /**
     * @param name the registered name, e.g. {@code vmf}, {@code resnet50}, {@code cub200}
     * @param description one line for the {@code list} commands
     */
    protected NamedComponent(String name, String description) {
        this.name = name;
        this.description = description;
    }

    /** The registered name. */
    public final String name() {
        return name;
    }

    /** One line describing the component. */
    public final String description() {
        return description;
    }
}
