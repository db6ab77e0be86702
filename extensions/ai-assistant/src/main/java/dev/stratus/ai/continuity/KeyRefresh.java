package dev.stratus.ai.continuity;

import dev.stratus.ai.model.Deployment;
import java.util.Optional;

/**
 * Where a deployment whose key the provider refused may get a new one: its key file, which a
 * mounted Secret or a Vault agent rewrites when the key is rotated. Asked only on a refusal, never
 * on a call's way out but for {@link #mark()}. Thread-safe.
 */
public interface KeyRefresh {
    /** No key ever changes (keys from the environment, tests). */
    KeyRefresh NONE = new KeyRefresh() {
        @Override
        public long mark() {
            return 0;
        }

        @Override
        public Optional<Deployment> refused(Deployment deployment, long mark) {
            return Optional.empty();
        }
    };

    /** Taken before a call is sent, to tell {@link #refused} which readings of key files came after it; reads nothing. */
    long mark();

    /**
     * {@code deployment}'s key was refused on a call sent at {@code mark}.
     *
     * @return the deployment with the new key to send the call again with, once, at once; empty when
     *     there is none (no key file, or it holds the refused key or no key): the refusal stands
     */
    Optional<Deployment> refused(Deployment deployment, long mark);
}
