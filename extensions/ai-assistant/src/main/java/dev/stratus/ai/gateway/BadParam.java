package dev.stratus.ai.gateway;

/** A request parameter that is malformed, out of range or not supported: answered 400, naming it as OpenAI does. */
final class BadParam extends Exception {
    /** The parameter at fault, as a path into the body: {@code n}, {@code messages[2].role}. */
    final String param;

    BadParam(String param, String message) {
        super(message);
        this.param = param;
    }
}
