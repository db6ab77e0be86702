package dev.stratus.server.git;

import dev.stratus.protocol.ProtocolError;
import dev.stratus.protocol.ProtocolException;

/** A git operation failed for a reason the client can act on. */
public class GitException extends ProtocolException {

    public GitException(ProtocolError reason, String message) {
        super(reason, message);
    }

    static GitException notFound(String message) {
        return new GitException(ProtocolError.NOT_FOUND, message);
    }

    static GitException conflict(String message) {
        return new GitException(ProtocolError.CONFLICT, message);
    }

    static GitException invalid(String message) {
        return new GitException(ProtocolError.INVALID_PARAMS, message);
    }

    static GitException outside(String message) {
        return new GitException(ProtocolError.OUTSIDE_WORKSPACE, message);
    }

    /** A client-supplied value as shown in messages: quoted, control characters escaped, bounded. */
    static String display(String value) {
        if (value == null) {
            return "(none)";
        }
        StringBuilder sb = new StringBuilder("\"");
        value.codePoints().limit(200).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\u%04x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.append(value.length() > 200 ? "…\"" : "\"").toString();
    }
}
