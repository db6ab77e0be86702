package dev.stratus.ai.model;

/**
 * A deployment's server answered a text completion ({@code POST {baseUrl}/completions}) with 404
 * or 405: it serves none. A rejection of the endpoint, not of the request, so it holds for every
 * later text completion; chat is not concerned.
 */
public final class CompletionsUnservedException extends ProviderException {
    public CompletionsUnservedException(int status, String message) {
        super(Kind.BAD_REQUEST, status, null, message);
    }
}
