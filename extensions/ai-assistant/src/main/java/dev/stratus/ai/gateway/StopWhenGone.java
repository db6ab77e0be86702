package dev.stratus.ai.gateway;

import dev.stratus.extension.api.HttpResponse;
import dev.stratus.extension.api.Registration;
import java.io.OutputStream;

/**
 * Stops a gateway request's run when its HTTP client goes away ({@link HttpResponse.Watched}),
 * while the run waits for a model, or for a deployment to recover, with nothing written yet: the
 * thread that runs it is interrupted, which ends the provider call (its connection is closed) or
 * the wait, and the run is settled and recorded as aborted, as one whose client left mid-answer.
 * A client that stays pays nothing for it: the interrupt comes only while this is open.
 */
final class StopWhenGone implements AutoCloseable {
    private final Thread runner = Thread.currentThread();
    private final Registration registration;
    private boolean gone;
    private boolean closed;

    /** Watches {@code out}'s client on behalf of the calling thread, which runs the request. */
    StopWhenGone(OutputStream out) {
        registration = out instanceof HttpResponse.Watched watched ? watched.onClientGone(this::stop) : () -> { };
    }

    private synchronized void stop() {
        if (!closed) {
            gone = true;
            runner.interrupt();
        }
    }

    /** Whether the client went away while this was open. */
    synchronized boolean gone() {
        return gone;
    }

    /** No interrupt comes after this returns. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        registration.close();
    }
}
