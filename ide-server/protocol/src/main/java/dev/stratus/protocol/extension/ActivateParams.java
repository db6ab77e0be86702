package dev.stratus.protocol.extension;

/** @param event an activation event, for example {@code onLanguage:python} */
public record ActivateParams(String event) {
}
