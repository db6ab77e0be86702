package dev.stratus.protocol;

/** The empty result object <code>{}</code> of methods that return nothing but success. */
public record Empty() {
    /** The single instance. */
    public static final Empty INSTANCE = new Empty();
}
