package dev.stratus.server.rpc;

/**
 * @param maxMessageBytes largest JSON-RPC message accepted from a browser (default 16 MiB, enough
 *     for an 8 MiB file written as base64); a bigger frame closes that socket with 1009
 * @param maxInFlight requests one connection may have running at once (default 256); more are
 *     answered with RateLimited
 */
public record RpcConfig(int maxMessageBytes, int maxInFlight) {
    public static RpcConfig defaults() {
        return new RpcConfig(16 << 20, 256);
    }
}
