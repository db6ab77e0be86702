package dev.stratus.server.extension;

/** An extension jar that cannot be loaded: a missing or malformed manifest, a bad id, an unreadable file. */
public class InvalidExtensionException extends Exception {
    public InvalidExtensionException(String message) {
        super(message);
    }

    public InvalidExtensionException(String message, Throwable cause) {
        super(message, cause);
    }
}
