package dev.stratus.server.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The requests of the launcher's training run: the JVM records the classes they load in its
 * ahead-of-time cache, so a real start has them ready. Plain sockets, so the run loads nothing a
 * real server would not.
 */
final class StartupTraining {
    private StartupTraining() {
    }

    static void exercise(URI base) {
        for (String path : new String[] {"/healthz", "/readyz", "/login", "/api/me"}) {
            try (Socket s = new Socket(base.getHost(), base.getPort())) {
                OutputStream out = s.getOutputStream();
                out.write(("GET " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                try (InputStream in = s.getInputStream()) {
                    in.transferTo(OutputStream.nullOutputStream());
                }
            } catch (IOException e) {
                // Training only; a failed request just leaves some classes out of the cache.
            }
        }
    }
}
