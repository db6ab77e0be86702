package dev.stratus.server.search;

import dev.stratus.protocol.ProtocolError;
import dev.stratus.protocol.ProtocolException;

/** A search request failed for a reason the client can act on. */
public class SearchException extends ProtocolException {

    public SearchException(ProtocolError reason, String message) {
        super(reason, message);
    }

    static SearchException invalid(String message) {
        return new SearchException(ProtocolError.INVALID_PARAMS, message);
    }

    static SearchException unavailable(String message) {
        return new SearchException(ProtocolError.UNAVAILABLE, message);
    }
}
