package dev.stratus.server.app;

import java.nio.file.Path;
import java.util.List;

/**
 * Options of {@code stratus serve}.
 *
 * @param workspace folder to open as a workspace, or null
 * @param host address to bind (default 127.0.0.1)
 * @param port port to bind (default 8080; 0 picks a free one)
 * @param dataDir where the database and per-user state live (default ~/.stratus)
 * @param webRoot the built browser IDE
 * @param allowedHosts extra Host names accepted (for a reverse proxy or a LAN name)
 * @param allowedOrigins extra Origins accepted for WebSockets and writes
 * @param secureCookies whether the session cookie is marked Secure (behind HTTPS)
 */
public record ServeOptions(Path workspace, String host, int port, Path dataDir, Path webRoot,
                           List<String> allowedHosts, List<String> allowedOrigins, boolean secureCookies) {
}
