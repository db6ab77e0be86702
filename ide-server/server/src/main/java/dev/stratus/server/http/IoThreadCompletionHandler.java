package dev.stratus.server.http;

import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.concurrent.RejectedExecutionException;

/**
 * Hands the end of each exchange finished off its connection's I/O thread (a request answered on
 * a virtual thread) to that I/O thread, so that the connection is readied for its next request
 * there.
 *
 * <p>Why: when a worker thread completes an exchange, Undertow's HTTP/1.1 read listener marks the
 * connection busy with a compare-and-set, resumes reads (which wakes the I/O thread), then marks
 * it idle. A keep-alive client's next request is usually there already, so the woken I/O thread
 * finds it readable and spins, without backing off, until the mark is cleared; and on a loaded
 * machine the thread that must clear it is often the one the wake-up pre-empted. With two vCPUs
 * and 50 concurrent streams, over a fifth of the server's execution samples (JFR) were that spin
 * and its twin on the worker side, and the next request on the connection waited for it.
 * Completed on the I/O thread, the same steps are plain sequential code with no mark to wait
 * for, at the same cost (one task for the I/O thread instead of one wake-up of it).
 *
 * <p>Must be the outermost handler: completion listeners run from the last added to the first, so
 * this one, added first, runs last, and only Undertow's own connection bookkeeping (never
 * blocking) moves to the I/O thread; every other listener runs where it ran before. Upgrades
 * (WebSocket) are left where they are, as their connection callbacks may block.
 */
public final class IoThreadCompletionHandler implements HttpHandler {
    private static final ExchangeCompletionListener ON_IO_THREAD = IoThreadCompletionHandler::proceedOnIoThread;

    private final HttpHandler next;

    public IoThreadCompletionHandler(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        exchange.addExchangeCompleteListener(ON_IO_THREAD);
        next.handleRequest(exchange);
    }

    private static void proceedOnIoThread(HttpServerExchange exchange, ExchangeCompletionListener.NextListener next) {
        if (exchange.isInIoThread() || exchange.isUpgrade()) {
            next.proceed();
            return;
        }
        try {
            exchange.getIoThread().execute(next::proceed);
        } catch (RejectedExecutionException e) {
            next.proceed(); // the server is stopping: finish here rather than leave the connection hanging
        }
    }
}
