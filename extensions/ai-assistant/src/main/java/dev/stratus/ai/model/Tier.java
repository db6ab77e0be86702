package dev.stratus.ai.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/** Model size classes, cheapest first. */
public enum Tier {
    SMALL, MEDIUM, LARGE;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Tier of(String id) {
        for (Tier t : values()) {
            if (t.id().equals(id)) {
                return t;
            }
        }
        throw new IllegalArgumentException("tier is small, medium or large: " + id);
    }

    /** The next larger tier, if any. */
    public Optional<Tier> up() {
        return ordinal() + 1 < values().length ? Optional.of(values()[ordinal() + 1]) : Optional.empty();
    }

    /** The next smaller tier, if any. */
    public Optional<Tier> down() {
        return ordinal() > 0 ? Optional.of(values()[ordinal() - 1]) : Optional.empty();
    }
}
