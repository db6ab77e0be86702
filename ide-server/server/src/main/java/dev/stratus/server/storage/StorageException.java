package dev.stratus.server.storage;

/** The metadata database failed; callers report it as Unavailable. */
public class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
