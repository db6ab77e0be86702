package dev.stratus.server.extension;

import dev.stratus.extension.api.ExtensionException;
import dev.stratus.protocol.ProtocolError;
import dev.stratus.protocol.ProtocolException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs calls into extensions: each on its own virtual thread, with the extension's class loader
 * as the context loader, bounded by the call time limit (past it the thread is interrupted and
 * the caller gets Unavailable). Failures come back sorted: {@link ExtensionException}s become
 * the matching protocol error; anything else is an {@link ExtensionFault} for the host to act on.
 *
 * <p>The limit is a task on one scheduler thread of this object's, not a timed wait: a virtual
 * thread's timed wait puts a timer in the JDK's virtual-thread scheduler, whose timer thread is
 * woken to add it and again to withdraw it, on every call (every {@code /v1} request of the AI
 * gateway, for one). A task here wakes its thread only when no earlier deadline is pending.
 */
final class ExtensionCalls implements AutoCloseable {
    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("extension-call-", 0).factory());
    private final ScheduledThreadPoolExecutor limits = new ScheduledThreadPoolExecutor(1,
            Thread.ofPlatform().name("extension-call-limit").daemon().factory());
    private final Duration timeout;

    ExtensionCalls(Duration timeout) {
        this.timeout = timeout;
        limits.setRemoveOnCancelPolicy(true);
        limits.setKeepAliveTime(10, TimeUnit.SECONDS);
        limits.allowCoreThreadTimeOut(true); // no thread kept while no extension is called
    }

    /** A call that threw something other than an {@link ExtensionException}. */
    static final class ExtensionFault extends Exception {
        ExtensionFault(Throwable cause) {
            super(cause);
        }
    }

    <T> T call(HostedExtension ext, String what, Callable<T> call) throws ExtensionFault {
        ClassLoader loader = ext.loader;
        Future<T> f = threads.submit(() -> {
            Thread.currentThread().setContextClassLoader(loader);
            return call.call();
        });
        ScheduledFuture<?> limit = limits.schedule(() -> f.cancel(true), timeout.toNanos(), TimeUnit.NANOSECONDS);
        try {
            return f.get();
        } catch (CancellationException e) { // only the limit cancels the call
            throw new ProtocolException(ProtocolError.UNAVAILABLE, "Extension " + ext.id + " did not finish " + what
                    + " within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new ProtocolException(ProtocolError.CANCELLED, "Cancelled");
        } catch (ExecutionException e) {
            Throwable t = e.getCause();
            if (t instanceof ExtensionException x) {
                throw new ProtocolException(map(x.reason()), x.getMessage() == null ? "Extension " + ext.id + " refused" : x.getMessage());
            }
            if (t instanceof ProtocolException p) {
                throw p; // from a host service the extension called (a denied permission, a missing file)
            }
            throw new ExtensionFault(t);
        } finally {
            limit.cancel(false);
        }
    }

    /** What went wrong, for the log: the type and message of what the extension threw. */
    static String describe(Throwable t) {
        while ((t instanceof ExtensionFault || t instanceof java.lang.reflect.InvocationTargetException) && t.getCause() != null) {
            t = t.getCause();
        }
        String msg = t.getMessage();
        String type = t.getClass().getSimpleName();
        return msg == null || msg.isBlank() ? type : type + ": " + msg;
    }

    static ProtocolError map(ExtensionException.Reason reason) {
        return switch (reason) {
            case NOT_FOUND -> ProtocolError.NOT_FOUND;
            case ALREADY_EXISTS -> ProtocolError.ALREADY_EXISTS;
            case CONFLICT -> ProtocolError.CONFLICT;
            case PERMISSION_DENIED -> ProtocolError.PERMISSION_DENIED;
            case INVALID_PARAMS -> ProtocolError.INVALID_PARAMS;
            case UNAVAILABLE -> ProtocolError.UNAVAILABLE;
        };
    }

    @Override
    public void close() {
        threads.shutdownNow();
        limits.shutdownNow();
    }
}
