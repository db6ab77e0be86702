package dev.stratus.server.extension;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each new version of the server's {@code stratus.yaml} to the host while it runs, so an
 * edit needs no restart.
 *
 * <p>It polls, on one daemon thread, what {@link ServerConfigFile.Version} is made of: the file's
 * inode, size and modification time (one {@code stat} a second). A folder watch would miss too
 * much: the file may not exist yet, nor its folder; editors save by writing a copy and renaming
 * it over; a Kubernetes ConfigMap swaps a symbolic link of the folder above; and network file
 * systems deliver no events at all. Polling sees each of those as a new version.
 *
 * <p>A new version is applied once it has stayed the same for {@link #QUIET} (several saves in a
 * row are one edit). A version that is not YAML is logged once and otherwise ignored: what runs
 * keeps running, and the next valid version is applied.
 */
final class ConfigFileWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigFileWatcher.class);
    /** How often the file is looked at while nothing changes. */
    static final Duration POLL = Duration.ofSeconds(1);
    /** How long a new version must stay unchanged before it is applied. */
    static final Duration QUIET = Duration.ofMillis(500);
    /** How often the file is looked at while a new version waits for {@link #QUIET}. */
    private static final Duration SETTLING_POLL = Duration.ofMillis(100);

    private final ServerConfigFile file;
    private final Consumer<JsonNode> apply;
    /** The version last applied (or found unreadable); null before the first. */
    private ServerConfigFile.Version applied;
    private ServerConfigFile.Version seen;
    private long seenAt;

    private ConfigFileWatcher(ServerConfigFile file, Consumer<JsonNode> apply) {
        this.file = file;
        this.apply = apply;
    }

    /**
     * Starts watching; the returned daemon thread stops when interrupted. {@code apply} gets the
     * file's tree (null when there is no file) on its thread, first for the version found at start.
     * Null when there is no file to watch.
     */
    static Thread start(ServerConfigFile file, Consumer<JsonNode> apply) {
        if (file.path() == null) {
            return null;
        }
        ConfigFileWatcher w = new ConfigFileWatcher(file, apply);
        return Thread.ofPlatform().daemon().name("config-file-watch").start(w::run);
    }

    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                boolean settling = poll(System.nanoTime());
                Thread.sleep((settling ? SETTLING_POLL : POLL).toMillis());
            }
        } catch (InterruptedException e) {
            // closing
        }
    }

    /** Looks at the file once; true while a new version waits to settle. */
    private boolean poll(long now) {
        ServerConfigFile.Version v;
        try {
            v = file.version();
        } catch (IOException e) {
            return false; // cannot tell now: look again at the next poll
        }
        if (!Objects.equals(v, seen)) {
            seen = v;
            seenAt = now;
        }
        if (Objects.equals(seen, applied)) {
            return false;
        }
        if (now - seenAt < QUIET.toNanos()) {
            return true;
        }
        applied = seen;
        JsonNode root;
        try {
            root = file.read().orElse(null);
        } catch (InvalidExtensionException e) {
            LOG.warn("{} is not applied, the extensions keep their configuration until it is fixed: {}",
                    file.path().getFileName(), e.getMessage());
            return false;
        }
        try {
            apply.accept(root);
        } catch (RuntimeException e) {
            LOG.warn("Applying {} failed", file.path().getFileName(), e);
        }
        return false;
    }
}
