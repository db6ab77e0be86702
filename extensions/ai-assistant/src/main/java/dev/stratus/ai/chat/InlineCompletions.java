package dev.stratus.ai.chat;

import dev.stratus.ai.Assistant;
import dev.stratus.ai.AssistantState;
import dev.stratus.ai.chat.AiProtocol.CompleteParams;
import dev.stratus.ai.chat.AiProtocol.RequestRef;
import dev.stratus.ai.engine.AiEngine;
import dev.stratus.ai.engine.AiFailure;
import dev.stratus.ai.engine.Run;
import dev.stratus.ai.engine.RunResult;
import dev.stratus.ai.engine.RunSink;
import dev.stratus.ai.governance.GovernanceStoreException;
import dev.stratus.ai.model.ChatMessage;
import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.Sampling;
import dev.stratus.ai.model.Tier;
import dev.stratus.ai.router.Task;
import dev.stratus.extension.api.ExtensionException;
import dev.stratus.extension.api.RpcSession;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * {@code ai/complete} on one workspace connection: the editor's inline completion (ghost text),
 * one text completion with the code before the cursor as the prompt and the code after it as the
 * suffix, through the same run as the gateway's {@code POST /v1/completions} (the small tier,
 * redaction, budgets, the audit record {@code completion}, meters). The answer is sent whole, as
 * one {@code ai/delta}, then {@code ai/done}: the editor shows a completion only once it has all
 * of it. A connection has one completion at a time: the editor wants only the one at the cursor
 * where typing last paused, so a new one stops the one before.
 */
final class InlineCompletions implements AutoCloseable {
    /** Code before the cursor the model is given, at most: whole lines, unless the cursor's line alone is longer. */
    static final int PREFIX_CHARS = 8_000;
    /** Code after the cursor the model is given, at most: whole lines, unless the rest of the cursor's line alone is longer. */
    static final int SUFFIX_CHARS = 2_000;
    /** A completion's bound: a few lines, answered fast. */
    static final int MAX_TOKENS = 128;
    /** Two blank lines end a completion: past them the model writes what the user has not begun. */
    static final List<String> STOP = List.of("\n\n\n");
    /** A placeholder for a secret the model was not shown: inserted, it would replace the secret with its name. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\[REDACTED:[^\\]]*]");
    private static final System.Logger LOG = System.getLogger(InlineCompletions.class.getName());

    private final RpcSession session;
    /** The engine and deployments new completions take. */
    private final Supplier<Assistant> live;
    private final AiClient client;
    private final AtomicReference<Running> current = new AtomicReference<>();
    private volatile boolean closed;

    private record Running(String requestId, Thread thread) {
    }

    InlineCompletions(RpcSession session, Supplier<Assistant> live, AiClient client) {
        this.session = session;
        this.live = live;
        this.client = client;
    }

    RequestRef complete(CompleteParams params) {
        if (params == null || params.prefix() == null) {
            throw new ExtensionException(ExtensionException.Reason.INVALID_PARAMS, "prefix is required: the code before the cursor");
        }
        Assistant assistant = live.get();
        AssistantState state = assistant.state();
        List<Deployment> deployments = state.deployments();
        if (!state.configured() || deployments.stream().noneMatch(state::servesCompletions)) {
            // NotFound, not Unavailable: nothing will serve it until the configuration changes, so the editor stops asking.
            throw new ExtensionException(ExtensionException.Reason.NOT_FOUND, deployments.isEmpty()
                    ? "Inline completion is off: no AI model is configured"
                    : "Inline completion is off: no configured model serves text completions ("
                    + String.join("; ", deployments.stream().map(d -> d.name() + ": " + state.noCompletions(d)).toList()) + ")");
        }
        String prefix = prefix(params.prefix(), PREFIX_CHARS);
        String suffix = params.suffix() == null ? null : suffix(params.suffix(), SUFFIX_CHARS);
        List<ChatMessage> messages = suffix == null ? List.of(ChatMessage.user(prefix))
                : List.of(ChatMessage.user(prefix), ChatMessage.user(suffix));
        Sampling sampling = new Sampling(null, null, STOP, null, null, null, null, null, null);
        Run run = new Run(session.caller().userId(), session.caller().userName(), session.workspace().id(), "completion", Task.CHAT,
                prefix, null, messages, List.of(), Tier.SMALL, MAX_TOKENS, null, sampling, true);
        String requestId = UUID.randomUUID().toString();
        Thread t = Thread.ofVirtual().name("ai-completion-" + requestId).unstarted(() -> answer(requestId, assistant.engine(), run));
        Running before = current.getAndSet(new Running(requestId, t));
        if (before != null) {
            before.thread().interrupt();
        }
        if (closed) {
            t.interrupt();
        }
        t.start();
        return new RequestRef(requestId);
    }

    private void answer(String requestId, AiEngine engine, Run run) {
        try {
            RunResult r = engine.run(run, RunSink.NONE);
            String text = PLACEHOLDER.matcher(r.text()).find() ? "" : r.text();
            if (!text.isEmpty()) {
                client.delta(new AiProtocol.Delta(requestId, text));
            }
            client.done(new AiProtocol.Done(requestId, null, AiRpcService.route(r),
                    new AiProtocol.Usage(r.usage().promptTokens(), r.usage().completionTokens()), null, null));
        } catch (AiFailure e) {
            // The wait goes with the refusal so the editor stops asking until then, not at every pause.
            Long wait = e.retryAfter() == null || e.retryAfter().isNegative() ? null : Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
            failed(requestId, AiFailure.CONTEXT_TOO_LARGE.equals(e.reason()) ? ErrorCodes.TOO_LARGE : e.code(), e.getMessage(), wait);
        } catch (GovernanceStoreException e) {
            AiFailure refused = AiFailure.unrecorded(e);
            failed(requestId, refused.code(), refused.getMessage(), null);
        } catch (InterruptedException e) {
            failed(requestId, AiFailure.CANCELLED, "Cancelled", null);
        } catch (RuntimeException e) {
            String incident = UUID.randomUUID().toString().substring(0, 8);
            LOG.log(System.Logger.Level.ERROR, "AI completion " + requestId + " failed (incident " + incident + ")", e);
            failed(requestId, -32603, "The assistant failed (incident " + incident + ")", null);
        } finally {
            current.updateAndGet(r -> r != null && r.requestId().equals(requestId) ? null : r);
        }
    }

    private void failed(String requestId, int code, String message, Long retryAfterSeconds) {
        client.done(new AiProtocol.Done(requestId, null, null, null, null, new AiProtocol.Error(code, message, retryAfterSeconds)));
    }

    /** Stops the completion {@code requestId} if it is this connection's running one. */
    boolean cancel(String requestId) {
        Running r = current.get();
        if (r == null || !r.requestId().equals(requestId)) {
            return false;
        }
        r.thread().interrupt();
        return true;
    }

    /** The end of {@code text} the model is given: at most {@code max} characters, from the start of a line. */
    static String prefix(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int from = text.length() - max;
        int newline = text.indexOf('\n', from - 1);
        return newline < 0 ? text.substring(from) : text.substring(newline + 1);
    }

    /** The start of {@code text} the model is given: at most {@code max} characters, to the end of a line. */
    static String suffix(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int newline = text.lastIndexOf('\n', max);
        return newline < 0 ? text.substring(0, max) : text.substring(0, newline);
    }

    @Override
    public void close() {
        closed = true;
        Running r = current.get();
        if (r != null) {
            r.thread().interrupt();
        }
    }
}
