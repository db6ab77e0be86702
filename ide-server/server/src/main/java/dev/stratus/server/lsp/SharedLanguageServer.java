package dev.stratus.server.lsp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.protocol.lsp.LanguageServerProcessStatus;
import dev.stratus.protocol.lsp.LanguageServerState;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One language server of one workspace, shared by all the workspace's sockets for it: its
 * process's life (start and {@code initialize}, restart with back-off after a crash, shutdown
 * when idle or when the server stops) around a {@link LanguageServerRelay} that routes the
 * messages. Everything that touches its state runs on one relay thread, in arrival order;
 * sockets, the process's reader and timers hand their events to it.
 */
final class SharedLanguageServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SharedLanguageServer.class);
    private static final long TRACK_DESCENDANTS_MS = 5000;

    /** What the workspace hears from its servers. */
    interface Events {
        void stateChanged(SharedLanguageServer server, LanguageServerState state, String message);

        /** Asks to be forgotten after its idle time; false when a socket attached meanwhile. */
        boolean retireIfIdle(SharedLanguageServer server);
    }

    /** How to run it: what, where, for which language. */
    record Launch(LanguageServerDefinition definition, List<String> command, String languageId, String workspaceName,
                  Map<String, String> environment) {
    }

    private final Launch launch;
    private final LspConfig config;
    private final UriMapper uris;
    private final ScheduledExecutorService timer;
    private final Events events;
    private final ExecutorService thread;
    private final LanguageServerRelay relay;
    private final RestartPolicy restarts;
    /** Sockets attached or about to be (counted at once, under the workspace's lock). */
    private final AtomicInteger sockets = new AtomicInteger();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();

    private volatile LanguageServerState state = LanguageServerState.STOPPED;
    private volatile int restartCount;
    private volatile LanguageServerProcess process;
    private int generation;
    private JsonNode initializeResult;
    private String unavailable = "The language server is starting";
    private boolean gaveUp;
    private boolean stopping;
    private ScheduledFuture<?> idleTask;
    private ScheduledFuture<?> timeoutTask;
    private ScheduledFuture<?> restartTask;
    private ScheduledFuture<?> trackTask;

    SharedLanguageServer(Launch launch, LspConfig config, UriMapper uris, ScheduledExecutorService timer, Events events) {
        this.launch = launch;
        this.config = config;
        this.uris = uris;
        this.timer = timer;
        this.events = events;
        this.thread = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("lsp-relay-" + launch.definition().id()).factory());
        this.restarts = new RestartPolicy(config, System::nanoTime);
        this.relay = new LanguageServerRelay(id(), Set.copyOf(launch.definition().languages()), launch.workspaceName(), uris, new LanguageServerRelay.Link() {
            @Override
            public boolean ready() {
                return state == LanguageServerState.READY;
            }

            @Override
            public void send(JsonNode message) {
                SharedLanguageServer.this.send(message);
            }

            @Override
            public JsonNode initializeResult() {
                return initializeResult;
            }

            @Override
            public String unavailableReason() {
                return unavailable;
            }

            @Override
            public boolean gaveUp() {
                return gaveUp;
            }
        });
    }

    String id() {
        return launch.definition().id();
    }

    /** Counts a socket that is about to attach; called under the workspace's lock. */
    void reserve() {
        sockets.incrementAndGet();
    }

    int sockets() {
        return sockets.get();
    }

    /** Attaches a socket counted by {@link #reserve()}; starts the process if it is not running. */
    void attach(RelayClient client) {
        run(() -> {
            cancel(idleTask);
            relay.attached(client);
            if (stopping) {
                client.close(1001, "The language server is shutting down");
            } else if (state == LanguageServerState.STOPPED || gaveUp) {
                restarts.reset();
                gaveUp = false;
                start();
            }
        });
    }

    void detach(RelayClient client) {
        run(() -> {
            relay.detached(client);
            if (sockets.decrementAndGet() == 0 && !stopping) {
                idleTask = schedule(this::idle, config.idleTime());
            }
        });
    }

    /** One text frame from a socket. */
    /** The diagnostics the server last published, taken on the relay thread. */
    CompletableFuture<List<ObjectNode>> diagnostics() {
        CompletableFuture<List<ObjectNode>> result = new CompletableFuture<>();
        run(() -> result.complete(relay.diagnostics()));
        return result;
    }

    void fromClient(RelayClient client, String text) {
        run(() -> relay.fromClient(client, text));
    }

    LanguageServerProcessStatus status() {
        LanguageServerProcess p = process;
        return new LanguageServerProcessStatus(id(), launch.languageId(), state, restartCount, p == null ? null : p.pid());
    }

    // ---- process life ----------------------------------------------------------------------

    private void start() {
        int gen = ++generation;
        initializeResult = null;
        unavailable = "The " + id() + " language server is starting";
        setState(LanguageServerState.STARTING, null);
        LanguageServerProcess p;
        try {
            p = LanguageServerProcess.start(id(), launch.command(), uris.root(), launch.environment(), config.maxMessageBytes(),
                    new LanguageServerProcess.Listener() {
                        @Override
                        public void message(byte[] json) {
                            run(() -> {
                                if (gen == generation) {
                                    relay.fromServer(json);
                                }
                            });
                        }

                        @Override
                        public void oversized(long length, byte[] head) {
                            run(() -> {
                                if (gen == generation) {
                                    relay.fromServerOversized(length, head);
                                }
                            });
                        }

                        @Override
                        public void exited(int exitCode) {
                            run(() -> processExited(gen, exitCode));
                        }
                    });
        } catch (IOException e) {
            LOG.warn("[{}] cannot start {}: {}", id(), launch.command(), e.getMessage());
            crashed("could not be started: " + e.getMessage());
            return;
        }
        process = p;
        LOG.info("[{}] started for workspace {} (pid {})", id(), launch.workspaceName(), p.pid());
        relay.requestFromRelay("initialize", InitializeRequest.params(uris, launch.workspaceName(),
                launch.definition().initializationOptions()), response -> initialized(gen, response));
        timeoutTask = schedule(() -> {
            if (gen == generation && state == LanguageServerState.STARTING) {
                LOG.warn("[{}] did not answer initialize within {}; ending it", id(), config.startTimeout());
                killInBackground(p);
            }
        }, config.startTimeout());
    }

    private void initialized(int gen, JsonNode response) {
        if (gen != generation || stopping) {
            return;
        }
        cancel(timeoutTask);
        LanguageServerProcess p = process;
        if (!response.path("result").isObject()) {
            LOG.warn("[{}] refused initialize: {}", id(), response.path("error"));
            killInBackground(p);
            return;
        }
        initializeResult = response.get("result");
        send(JsonRpc.notification("initialized", JsonRpc.NODES.objectNode()));
        setState(LanguageServerState.READY, null);
        relay.serverReady();
        trackTask = timer.scheduleWithFixedDelay(p::trackDescendants, 0, TRACK_DESCENDANTS_MS, TimeUnit.MILLISECONDS);
    }

    private void processExited(int gen, int exitCode) {
        if (gen != generation) {
            return;
        }
        process = null;
        cancel(timeoutTask);
        cancel(trackTask);
        if (stopping) {
            finishStop();
            return;
        }
        LOG.warn("[{}] exited with code {}", id(), exitCode);
        crashed("exited with code " + exitCode);
    }

    private void crashed(String why) {
        Optional<Duration> delay = restarts.crashed();
        String reason = "The " + id() + " language server " + why;
        if (delay.isEmpty()) {
            gaveUp = true;
            unavailable = reason + " and crashed " + restarts.recentCrashes() + " times within "
                    + config.crashWindow().toMinutes() + " minutes; reconnect to start it again";
            relay.serverDown(unavailable);
            relay.serverGaveUp(unavailable);
            setState(LanguageServerState.CRASHED, unavailable);
            return;
        }
        unavailable = reason + "; it is restarting";
        relay.serverDown(unavailable);
        setState(LanguageServerState.CRASHED, why);
        setState(LanguageServerState.RESTARTING, "restarting in " + delay.get().toMillis() + " ms");
        restartTask = schedule(() -> {
            if (!stopping) {
                restartCount++;
                start();
            }
        }, delay.get());
    }

    private void idle() {
        if (stopping || sockets.get() > 0 || !events.retireIfIdle(this)) {
            return;
        }
        LOG.info("[{}] no socket for {}; shutting it down", id(), config.idleTime());
        beginStop();
    }

    /** shutdown, then exit, then kill: each step waits at most the shutdown grace time. */
    private void beginStop() {
        if (stopping) {
            return;
        }
        stopping = true;
        cancel(idleTask);
        cancel(restartTask);
        cancel(timeoutTask);
        LanguageServerProcess p = process;
        if (p == null) {
            finishStop();
            return;
        }
        // Its children are found through it only while it runs: remember them before it exits.
        p.trackDescendants();
        if (state != LanguageServerState.READY) {
            killInBackground(p);
            return;
        }
        int gen = generation;
        boolean[] exitSent = {false};
        Runnable exit = () -> {
            if (!exitSent[0] && gen == generation && process != null) {
                exitSent[0] = true;
                send(JsonRpc.notification("exit", null));
                schedule(() -> killInBackground(p), config.shutdownGrace());
            }
        };
        relay.requestFromRelay("shutdown", null, response -> exit.run());
        schedule(exit, config.shutdownGrace());
    }

    private void finishStop() {
        process = null;
        cancel(trackTask);
        relay.serverDown("The " + id() + " language server has stopped");
        setState(LanguageServerState.STOPPED, null);
        stopped.complete(null);
        thread.shutdown();
    }

    // ---- plumbing --------------------------------------------------------------------------

    private void send(JsonNode message) {
        LanguageServerProcess p = process;
        if (p == null) {
            return;
        }
        try {
            p.send(JsonRpc.bytes(message));
        } catch (IOException e) {
            LOG.debug("[{}] could not write to the process: {}", id(), e.getMessage());
        }
    }

    private void setState(LanguageServerState next, String message) {
        state = next;
        try {
            events.stateChanged(this, next, message);
        } catch (RuntimeException e) {
            LOG.warn("[{}] a state listener failed", id(), e);
        }
    }

    private void killInBackground(LanguageServerProcess p) {
        if (p != null) {
            Thread.ofVirtual().name("lsp-kill-" + id()).start(p::kill);
        }
    }

    /** Runs {@code task} on the relay thread (dropped once it has stopped). */
    private void run(Runnable task) {
        try {
            thread.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("[{}] relay task failed", id(), e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("[{}] stopped; dropped a task", id());
        }
    }

    private ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        try {
            return timer.schedule(() -> run(task), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    /** Shuts the server down (waiting at most about twice the shutdown grace), killing it if it lingers. */
    @Override
    public void close() {
        run(this::beginStop);
        try {
            stopped.get(2 * config.shutdownGrace().toMillis() + 3000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            LOG.warn("[{}] did not stop in time; killing it", id());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LanguageServerProcess p = process;
        if (p != null) {
            p.kill();
        }
        thread.shutdownNow();
    }
}
