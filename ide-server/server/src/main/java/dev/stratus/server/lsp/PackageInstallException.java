package dev.stratus.server.lsp;

/**
 * A package manager could not install some servers; the message is what their
 * {@code failed} entries say. Only the servers of that run fail, never the whole request.
 */
final class PackageInstallException extends Exception {

    PackageInstallException(String message) {
        super(message, null, false, false);
    }
}
