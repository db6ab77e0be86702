package dev.stratus.protocol.lsp;

import com.google.gson.annotations.SerializedName;

/** Where a language-server process is in its life. */
public enum LanguageServerState {
    /** The process is starting and has not answered {@code initialize} yet. */
    @SerializedName("starting") STARTING,
    /** Initialized: requests are relayed. */
    @SerializedName("ready") READY,
    /**
     * The process exited unexpectedly. It stays crashed after too many crashes in a short time
     * (default 5 within 3 minutes) until a socket for it connects again.
     */
    @SerializedName("crashed") CRASHED,
    /** Waiting out the back-off before starting again after a crash. */
    @SerializedName("restarting") RESTARTING,
    /** Shut down: idle without sockets, or the server is stopping. */
    @SerializedName("stopped") STOPPED
}
