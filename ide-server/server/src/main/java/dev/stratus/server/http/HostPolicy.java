package dev.stratus.server.http;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Which {@code Host} headers and {@code Origin}s the server answers. Checking Host defends
 * against DNS rebinding (a hostile name resolving to 127.0.0.1); checking Origin on WebSocket
 * upgrades and state-changing requests defends against cross-site use of the session cookie.
 *
 * @param allowedHosts lower-case host names or addresses (without port) the server accepts
 * @param allowedOrigins extra origins ({@code https://ide.example.com}) accepted beyond the
 *     server's own
 */
public record HostPolicy(Set<String> allowedHosts, Set<String> allowedOrigins) {

    /** Whether a {@code Host} header value names this server. */
    public boolean hostAllowed(String hostHeader) {
        String host = hostOnly(hostHeader);
        return host != null && allowedHosts.contains(host);
    }

    /**
     * Whether {@code origin} may act on this server: it is in the allow-list, or it is exactly
     * {@code http(s)://} plus the request's own (allowed) Host header.
     */
    public boolean originAllowed(String origin, String hostHeader) {
        if (origin == null || origin.equals("null")) {
            return false;
        }
        if (allowedOrigins.contains(origin)) {
            return true;
        }
        URI uri;
        try {
            uri = new URI(origin);
        } catch (Exception e) {
            return false;
        }
        if (uri.getScheme() == null || uri.getHost() == null || uri.getRawPath() != null && !uri.getRawPath().isEmpty()
                || uri.getRawUserInfo() != null || uri.getRawQuery() != null) {
            return false;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return false;
        }
        String originHostPort = origin.substring(scheme.length() + 3).toLowerCase(Locale.ROOT);
        return hostHeader != null && hostAllowed(hostHeader) && originHostPort.equals(hostHeader.toLowerCase(Locale.ROOT));
    }

    /** The host part of a Host header ({@code [::1]:8080} gives {@code ::1}); null if malformed. */
    static String hostOnly(String hostHeader) {
        if (hostHeader == null || hostHeader.isEmpty()) {
            return null;
        }
        String h = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? null : h.substring(1, end);
        }
        int colon = h.indexOf(':');
        if (colon >= 0) {
            String port = h.substring(colon + 1);
            if (port.isEmpty() || !port.chars().allMatch(Character::isDigit)) {
                return null;
            }
            h = h.substring(0, colon);
        }
        return h;
    }
}
