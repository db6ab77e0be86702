package dev.stratus.server.git;

import dev.stratus.protocol.git.GitCredentials;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.transport.URIish;

/**
 * Credentials users asked Stratus to remember, in server memory only, keyed by user id and the
 * remote's host and port. Nothing here is ever written to disk, to a repository or to a log;
 * a restart forgets everything.
 */
public final class GitCredentialStore {
    private final Map<Key, GitCredentials> remembered = new ConcurrentHashMap<>();

    private record Key(String userId, String hostAndPort) {
        @Override
        public String toString() {
            return "Key[" + hostAndPort + "]";
        }
    }

    Optional<GitCredentials> find(String userId, URIish remote) {
        return Optional.ofNullable(remembered.get(key(userId, remote)));
    }

    void remember(String userId, URIish remote, GitCredentials credentials) {
        remembered.put(key(userId, remote), credentials);
    }

    void forget(String userId, URIish remote) {
        remembered.remove(key(userId, remote));
    }

    private static Key key(String userId, URIish remote) {
        String host = remote.getHost() == null ? "" : remote.getHost().toLowerCase(Locale.ROOT);
        return new Key(userId, host + ":" + remote.getPort());
    }
}
