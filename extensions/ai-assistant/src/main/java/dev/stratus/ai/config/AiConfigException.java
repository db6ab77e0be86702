package dev.stratus.ai.config;

/** The {@code ai:} configuration cannot be used; the message says where and why (never a key's value). */
public class AiConfigException extends Exception {
    public AiConfigException(String message) {
        super(message);
    }
}
