package dev.stratus.server.rpc;

import dev.stratus.protocol.ErrorCodes;
import dev.stratus.protocol.ProtocolException;
import dev.stratus.server.storage.StorageException;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps exceptions from services to protocol v1 errors, once, at the boundary. Unexpected
 * failures are logged with an incident id and reported by that id alone: no class names, no
 * messages from libraries, no stack traces (LSP4J's default handler would send one in
 * {@code error.data}).
 */
public final class RpcErrors implements Function<Throwable, ResponseError> {
    private static final Logger LOG = LoggerFactory.getLogger(RpcErrors.class);

    @Override
    public ResponseError apply(Throwable thrown) {
        Throwable t = unwrap(thrown);
        if (t instanceof ResponseErrorException r) {
            return r.getResponseError();
        }
        if (t instanceof ProtocolException p) {
            return new ResponseError(p.reason().code(), p.getMessage(), null);
        }
        if (t instanceof CancellationException) {
            return new ResponseError(ErrorCodes.CANCELLED, "Request was cancelled", null);
        }
        if (t instanceof StorageException) {
            LOG.warn("Storage unavailable: {}", t.getMessage());
            return new ResponseError(ErrorCodes.UNAVAILABLE, "The server's database is unavailable; try again", null);
        }
        String incident = UUID.randomUUID().toString().substring(0, 8);
        LOG.error("Internal error {}", incident, t);
        return new ResponseError(ErrorCodes.INTERNAL_ERROR, "Internal error (incident " + incident + ")", null);
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
