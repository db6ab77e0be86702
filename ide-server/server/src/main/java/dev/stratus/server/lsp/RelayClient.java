package dev.stratus.server.lsp;

/** One socket attached to a shared language server, as the relay sees it. */
interface RelayClient {

    /** A short name for logs. */
    String name();

    /** Sends one JSON-RPC message (a text frame). Called from the relay's thread only. */
    void send(String json);

    /** Closes the socket with a WebSocket close code and reason. */
    void close(int code, String reason);
}
