package dev.stratus.server.extension;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a rescan when jars appear, change or disappear in the install folder (debounced: a copy in
 * progress fires many events), so installing or removing an extension needs no restart.
 */
final class InstallFolderWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(InstallFolderWatcher.class);

    private InstallFolderWatcher() {
    }

    /** Starts watching; the returned daemon thread stops when interrupted. Null when the folder cannot be watched. */
    static Thread start(Path dir, Runnable rescan) {
        WatchService ws;
        try {
            ws = dir.getFileSystem().newWatchService();
            dir.register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                    StandardWatchEventKinds.ENTRY_MODIFY);
        } catch (IOException e) {
            LOG.warn("Not watching {} for installed extensions: {}", dir, e.getMessage());
            return null;
        }
        return Thread.ofPlatform().daemon().name("extension-folder-watch").start(() -> {
            try (ws) {
                while (true) {
                    var key = ws.take();
                    boolean jar = key.pollEvents().stream().anyMatch(ev -> String.valueOf(ev.context()).endsWith(".jar"));
                    key.reset();
                    if (!jar) {
                        continue;
                    }
                    // Let the copy finish, and fold the events of one install into one rescan.
                    Thread.sleep(300);
                    for (var more = ws.poll(); more != null; more = ws.poll()) {
                        more.pollEvents();
                        more.reset();
                    }
                    rescan.run();
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                // closing
            } catch (IOException | RuntimeException e) {
                LOG.warn("Watching the extension folder stopped", e);
            }
        });
    }
}
