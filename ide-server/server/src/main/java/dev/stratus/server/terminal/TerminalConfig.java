package dev.stratus.server.terminal;

import dev.stratus.server.websocket.Liveness;
import java.time.Duration;

/**
 * @param graceTime how long a terminal with no attached byte socket keeps running before its
 *     processes are ended (default 3 hours; at least 1 ms)
 * @param ringBufferBytes output kept per terminal for replay on (re)attach, and for a flood to
 *     pile up in while a client that skips plain lines is between updates (default 4 MiB, at
 *     least 1 MiB, at most 64 MiB; held only as the terminal's output reaches it)
 * @param maxTerminalsPerWorkspace terminals one workspace may have, running or exited but not
 *     closed (default 16, range 1 to 1000); more are refused with RateLimited
 * @param flowWindowBytes output the server sends on one socket beyond the last acknowledged byte
 *     (default 256 KiB, range 4 KiB to {@code ringBufferBytes})
 * @param killGrace time between SIGHUP and SIGKILL when a terminal is closed or reaped (default
 *     2 s, range 0 to 1 minute)
 * @param maxInputFrameBytes largest input frame a client may send (default 1 MiB, range 1 KiB to
 *     16 MiB); a bigger frame closes that socket with 1009
 * @param outputGather how long output that follows a frame closely waits for more before it is
 *     sent, so a flooding program goes out in few large frames (default 3 ms, range 0 to 1 s;
 *     0 sends every PTY read as it comes)
 * @param liveness how often each byte socket is pinged, and how long a silence closes it as gone
 *     (default 20 s and 60 s); the terminal runs on, as after any other disconnect
 */
public record TerminalConfig(Duration graceTime, int ringBufferBytes, int maxTerminalsPerWorkspace, int flowWindowBytes,
                             Duration killGrace, int maxInputFrameBytes, Duration outputGather, Liveness.Timing liveness) {
    public static final int MIN_RING_BYTES = 1 << 20;
    public static final int DEFAULT_RING_BYTES = 4 << 20;

    public TerminalConfig {
        if (graceTime == null || graceTime.toMillis() < 1) {
            throw new IllegalArgumentException("graceTime must be at least 1 ms");
        }
        if (ringBufferBytes < MIN_RING_BYTES || ringBufferBytes > 64 << 20) {
            throw new IllegalArgumentException("ringBufferBytes must be between 1 MiB and 64 MiB");
        }
        if (maxTerminalsPerWorkspace < 1 || maxTerminalsPerWorkspace > 1000) {
            throw new IllegalArgumentException("maxTerminalsPerWorkspace must be between 1 and 1000");
        }
        if (flowWindowBytes < 4096 || flowWindowBytes > ringBufferBytes) {
            throw new IllegalArgumentException("flowWindowBytes must be between 4 KiB and ringBufferBytes");
        }
        if (killGrace == null || killGrace.isNegative() || killGrace.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("killGrace must be between 0 and 1 minute");
        }
        if (maxInputFrameBytes < 1024 || maxInputFrameBytes > 16 << 20) {
            throw new IllegalArgumentException("maxInputFrameBytes must be between 1 KiB and 16 MiB");
        }
        if (outputGather == null || outputGather.isNegative() || outputGather.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new IllegalArgumentException("outputGather must be between 0 and 1 second");
        }
        if (liveness == null) {
            throw new IllegalArgumentException("liveness must be given");
        }
    }

    public static TerminalConfig defaults() {
        return new TerminalConfig(Duration.ofHours(3), DEFAULT_RING_BYTES, 16, 256 << 10, Duration.ofSeconds(2), 1 << 20,
                Duration.ofMillis(3), Liveness.Timing.defaults());
    }

    /** This configuration with another grace time. */
    public TerminalConfig withGraceTime(Duration grace) {
        return new TerminalConfig(grace, ringBufferBytes, maxTerminalsPerWorkspace, flowWindowBytes, killGrace, maxInputFrameBytes,
                outputGather, liveness);
    }

    /** This configuration with another terminal limit. */
    public TerminalConfig withMaxTerminalsPerWorkspace(int max) {
        return new TerminalConfig(graceTime, ringBufferBytes, max, flowWindowBytes, killGrace, maxInputFrameBytes,
                outputGather, liveness);
    }

    /** This configuration with another output gathering time. */
    public TerminalConfig withOutputGather(Duration gather) {
        return new TerminalConfig(graceTime, ringBufferBytes, maxTerminalsPerWorkspace, flowWindowBytes, killGrace,
                maxInputFrameBytes, gather, liveness);
    }

    /** This configuration with other socket pings. */
    public TerminalConfig withLiveness(Liveness.Timing timing) {
        return new TerminalConfig(graceTime, ringBufferBytes, maxTerminalsPerWorkspace, flowWindowBytes, killGrace,
                maxInputFrameBytes, outputGather, timing);
    }
}
