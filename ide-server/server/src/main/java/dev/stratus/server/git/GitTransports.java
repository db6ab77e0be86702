package dev.stratus.server.git;

import dev.stratus.protocol.git.GitCredentials;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RemoteConfig;
import org.eclipse.jgit.transport.TransportHttp;
import org.eclipse.jgit.transport.URIish;

/**
 * How Stratus talks to remotes: HTTP(S) only, every received object checked by
 * {@link SafeTreeChecker}, a network timeout, and credentials given only to the host they were
 * meant for. Local paths, {@code file:}, {@code ssh:} and {@code git:} remotes are refused: they
 * would read other folders of the server or start processes. Credentials come from the request,
 * else from what the user asked the server to remember for that host.
 */
final class GitTransports {
    private final String userId;
    private final GitCredentialStore store;
    private final GitConfig config;

    GitTransports(String userId, GitCredentialStore store, GitConfig config) {
        this.userId = userId;
        this.store = store;
        this.config = config;
    }

    /** A remote URL a client sent: HTTP(S), user information moved out into {@code credentials}. */
    record Remote(URIish uri, GitCredentials credentials) {
    }

    /** Parses a clone URL, refusing other schemes; user and password in it become credentials. */
    static Remote parseUrl(String url, GitCredentials explicit) {
        if (url == null || url.isBlank()) {
            throw GitException.invalid("url is required");
        }
        URIish uri;
        try {
            uri = new URIish(url.trim());
        } catch (URISyntaxException e) {
            throw GitException.invalid("Invalid URL");
        }
        requireHttp(uri);
        GitCredentials credentials = explicit;
        if (credentials == null && uri.getUser() != null && uri.getPass() != null) {
            credentials = new GitCredentials(uri.getUser(), uri.getPass());
        }
        return new Remote(uri.setUser(null).setPass(null), credentials);
    }

    /** The URLs of a configured remote (after {@code insteadOf} rewriting), all of which must be HTTP(S). */
    static List<URIish> remoteUrls(Repository repo, String remote) throws URISyntaxException {
        RemoteConfig rc = new RemoteConfig(repo.getConfig(), remote);
        List<URIish> all = new ArrayList<>(rc.getURIs());
        all.addAll(rc.getPushURIs());
        if (all.isEmpty()) {
            throw GitException.notFound("No such remote: " + GitException.display(remote));
        }
        all.forEach(GitTransports::requireHttp);
        return all;
    }

    private static void requireHttp(URIish uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null || uri.getHost().isEmpty()) {
            throw GitException.invalid("Only http and https remotes are supported");
        }
    }

    /** Sets up a clone, fetch, pull or push command for {@code uri}. */
    <C extends TransportCommand<C, ?>> C configure(C command, URIish uri, Optional<GitCredentials> credentials) {
        command.setTimeout((int) Math.max(1, config.networkTimeout().toSeconds()));
        command.setTransportConfigCallback(transport -> {
            if (!(transport instanceof TransportHttp)) {
                throw GitException.invalid("Only http and https remotes are supported");
            }
            transport.setCheckFetchedObjects(true);
            transport.setObjectChecker(new SafeTreeChecker());
        });
        credentials.ifPresent(c -> command.setCredentialsProvider(new HostBoundCredentials(uri, c)));
        return command;
    }

    /** Explicit credentials, else remembered ones for the host. */
    Optional<GitCredentials> credentialsFor(URIish uri, GitCredentials explicit) {
        if (explicit != null) {
            if (explicit.username() == null || explicit.password() == null) {
                throw GitException.invalid("credentials need a username and a password");
            }
            return Optional.of(explicit);
        }
        return store.find(userId, uri);
    }

    /** After a successful operation: remember the credentials when asked. */
    void succeeded(URIish uri, GitCredentials explicit, boolean remember) {
        if (remember && explicit != null) {
            store.remember(userId, uri, explicit);
        }
    }

    /** After the remote refused credentials: remembered ones are forgotten, they no longer work. */
    void refused(URIish uri, GitCredentials explicit) {
        if (explicit == null) {
            store.forget(userId, uri);
        }
    }

    /** Answers only for the host and port the credentials were given for, never after a redirect elsewhere. */
    private static final class HostBoundCredentials extends CredentialsProvider {
        private final URIish target;
        private final GitCredentials credentials;

        HostBoundCredentials(URIish target, GitCredentials credentials) {
            this.target = target;
            this.credentials = credentials;
        }

        @Override
        public boolean isInteractive() {
            return false;
        }

        @Override
        public boolean supports(CredentialItem... items) {
            for (CredentialItem i : items) {
                if (!(i instanceof CredentialItem.Username || i instanceof CredentialItem.Password)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public boolean get(URIish uri, CredentialItem... items) {
            if (uri == null || !sameHost(uri)) {
                return false;
            }
            for (CredentialItem i : items) {
                if (i instanceof CredentialItem.Username u) {
                    u.setValue(credentials.username());
                } else if (i instanceof CredentialItem.Password p) {
                    p.setValue(credentials.password().toCharArray());
                } else {
                    return false;
                }
            }
            return true;
        }

        private boolean sameHost(URIish uri) {
            return target.getHost().equalsIgnoreCase(uri.getHost() == null ? "" : uri.getHost())
                    && target.getPort() == uri.getPort()
                    && target.getScheme().equalsIgnoreCase(uri.getScheme() == null ? "" : uri.getScheme());
        }
    }
}
