package dev.stratus.ai.router;

/** Router configuration that cannot be used: an unknown task or tier, a bad weight. */
public class RouterConfigException extends IllegalArgumentException {
    public RouterConfigException(String message) {
        super(message);
    }
}
