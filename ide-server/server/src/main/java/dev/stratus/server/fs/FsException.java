package dev.stratus.server.fs;

import dev.stratus.protocol.ProtocolError;
import dev.stratus.protocol.ProtocolException;

/** A file operation failed for a reason the client can act on. */
public class FsException extends ProtocolException {

    public FsException(ProtocolError reason, String message) {
        super(reason, message);
    }

    static FsException notFound(String path) {
        return new FsException(ProtocolError.NOT_FOUND, "No such file or directory: " + display(path));
    }

    static FsException exists(String path) {
        return new FsException(ProtocolError.ALREADY_EXISTS, "Already exists: " + display(path));
    }

    static FsException outside(String path) {
        return new FsException(ProtocolError.OUTSIDE_WORKSPACE, "Path is outside the workspace: " + display(path));
    }

    static FsException invalid(String message) {
        return new FsException(ProtocolError.INVALID_PARAMS, message);
    }

    /** A path as shown in messages: quoted, control characters escaped, bounded length. */
    static String display(String path) {
        if (path == null) {
            return "(none)";
        }
        StringBuilder sb = new StringBuilder("\"");
        path.codePoints().limit(200).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\u%04x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.append(path.length() > 200 ? "…\"" : "\"").toString();
    }
}
