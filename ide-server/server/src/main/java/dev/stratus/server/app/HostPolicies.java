package dev.stratus.server.app;

import dev.stratus.server.http.HostPolicy;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Derives the accepted Host names from the bind address and the operator's allow-lists. */
final class HostPolicies {
    private HostPolicies() {
    }

    static HostPolicy forBind(String bindHost, List<String> extraHosts, List<String> extraOrigins) {
        Set<String> hosts = new HashSet<>(Set.of("localhost", "127.0.0.1", "::1"));
        String bind = bindHost.toLowerCase(Locale.ROOT).replace("[", "").replace("]", "");
        hosts.add(bind);
        if (bind.equals("0.0.0.0") || bind.equals("::")) {
            // Bound to every interface: accept this machine's own addresses and name; any other
            // name (a DNS alias, a proxy) must be listed with --allowed-host.
            try {
                hosts.add(InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT));
                for (NetworkInterface ni : NetworkInterface.networkInterfaces().toList()) {
                    ni.inetAddresses().forEach(a -> hosts.add(a.getHostAddress().replaceAll("%.*$", "").toLowerCase(Locale.ROOT)));
                }
            } catch (SocketException | java.net.UnknownHostException e) {
                // Only the loopback names then; --allowed-host adds more.
            }
        }
        extraHosts.forEach(h -> hosts.add(h.toLowerCase(Locale.ROOT)));
        return new HostPolicy(Set.copyOf(hosts), Set.copyOf(extraOrigins));
    }

    /** The host part of a URL for a bind address ({@code 0.0.0.0} is reached as 127.0.0.1). */
    static String urlHost(String bindHost) {
        if (bindHost.equals("0.0.0.0")) {
            return "127.0.0.1";
        }
        if (bindHost.equals("::")) {
            return "[::1]";
        }
        return bindHost.contains(":") && !bindHost.startsWith("[") ? "[" + bindHost + "]" : bindHost;
    }
}
