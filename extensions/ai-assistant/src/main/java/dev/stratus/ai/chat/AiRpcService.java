package dev.stratus.ai.chat;

import dev.stratus.ai.Assistant;
import dev.stratus.ai.AssistantState;
import dev.stratus.ai.chat.AiProtocol.Applied;
import dev.stratus.ai.chat.AiProtocol.ApplyEditParams;
import dev.stratus.ai.chat.AiProtocol.Approval;
import dev.stratus.ai.chat.AiProtocol.ChatParams;
import dev.stratus.ai.chat.AiProtocol.Conversation;
import dev.stratus.ai.chat.AiProtocol.ConversationRef;
import dev.stratus.ai.chat.AiProtocol.Conversations;
import dev.stratus.ai.chat.AiProtocol.EditParams;
import dev.stratus.ai.chat.AiProtocol.Empty;
import dev.stratus.ai.chat.AiProtocol.RequestRef;
import dev.stratus.ai.chat.AiProtocol.RouteParams;
import dev.stratus.ai.chat.AiProtocol.RouteResult;
import dev.stratus.ai.chat.AiProtocol.Started;
import dev.stratus.ai.chat.AiProtocol.Status;
import dev.stratus.ai.chat.ConversationStore.Message;
import dev.stratus.ai.engine.AiEngine;
import dev.stratus.ai.engine.AiFailure;
import dev.stratus.ai.engine.Run;
import dev.stratus.ai.engine.RunResult;
import dev.stratus.ai.governance.GovernanceStoreException;
import dev.stratus.ai.model.ChatMessage;
import dev.stratus.ai.model.Tier;
import dev.stratus.ai.router.Escalation;
import dev.stratus.ai.router.PromptContext;
import dev.stratus.ai.router.RouteDecision;
import dev.stratus.ai.router.Task;
import dev.stratus.extension.api.AiTools;
import dev.stratus.extension.api.ExtensionException;
import dev.stratus.extension.api.RpcSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ai/*} on one workspace connection. Answers stream as {@code ai/delta}, {@code ai/notice}
 * and {@code ai/toolCall} notifications and end with {@code ai/done}; each request runs on a
 * virtual thread of its own, cancellable with {@code ai/cancel}.
 */
public final class AiRpcService implements AiService, AutoCloseable {
    private static final Pattern FENCE = Pattern.compile("```[^\\n]*\\n(.*?)```", Pattern.DOTALL);
    private static final int HISTORY_MESSAGES = 20;
    /**
     * How long a message stopped while it waited for the answer before it waits for that one to
     * end, to be kept after it before the request ends; past it the request ends, and the message
     * is kept once that answer is.
     */
    private static final Duration KEEP_WAITING_MESSAGE_FOR = Duration.ofSeconds(5);

    private final RpcSession session;
    /** The engine and deployments new requests take (an edit of the deployments replaces them). */
    private final Supplier<Assistant> live;
    private final ConversationStore store;
    private final ConversationTurns turns;
    private final LoggedClient client;
    private final ChatTools tools;
    private final ContextBuilder contextBuilder = new ContextBuilder(40_000, 120_000);
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final EditProposals proposals;
    /** The user's other connections to the workspace hear of the conversations this one stores or deletes. */
    private final ConversationWatchers.Watch watch;
    private final InlineCompletions completions;
    /** Where this connection's chat answers wait for their page when it goes away. */
    private final ResumableAnswers resumable;

    private static final System.Logger LOG = System.getLogger(AiRpcService.class.getName());
    /**
     * How an answer ends when the assistant stops under it: the server stops, or an edit of the
     * {@code ai:} configuration activates the assistant again. The user, still connected in the
     * second case, is told it was no fault of theirs and that asking again works.
     */
    static final String STOPPED_UNDER_IT = "The assistant restarted while answering (the server is stopping, or its "
            + "configuration was changed). What was written is kept in the conversation; ask again.";

    public AiRpcService(RpcSession session, Supplier<Assistant> live, ConversationStore store, ConversationWatchers watchers,
                        ConversationTurns turns, ResumableAnswers resumable, EditRecords edits, AiTools aiTools) {
        this.session = session;
        this.live = live;
        this.store = store;
        this.turns = turns;
        this.resumable = resumable;
        this.client = new LoggedClient(session.notifications(AiClient.class));
        this.proposals = new EditProposals(session, edits, this::redacted);
        this.completions = new InlineCompletions(session, live, client.out());
        // Tools only where a deployment may call them (tools: false everywhere means none would take the request).
        this.tools = new ChatTools(session, aiTools, client,
                () -> state().deployments().stream().anyMatch(d -> !Boolean.FALSE.equals(d.tools())), this::redacted);
        this.watch = watchers.watch(session, session.notifications(ConversationClient.class));
    }

    private AiEngine engine() {
        return live.get().engine();
    }

    private AssistantState state() {
        return live.get().state();
    }

    private String redacted(String text) {
        return engine().redacted(text);
    }

    private String workspaceId() {
        return session.workspace().id();
    }

    @Override
    public Status status() {
        return state().status();
    }

    @Override
    public RouteResult route(RouteParams params) {
        if (params == null || params.message() == null) {
            throw new ExtensionException(ExtensionException.Reason.INVALID_PARAMS, "message is required");
        }
        Task task = RequestParams.task(params.task());
        // The route ai/chat would take with the same message and context: what the model would be
        // sent (the system prompt, the files and selection) is what routing weighs and filters on.
        ContextBuilder.Built context = contextBuilder.build(params.message(), params.context(), session.workspace());
        RouteDecision d = engine().route(chatRun(params.message(), task, List.of(), context, RequestParams.tier(params.tier())));
        var first = d.deployment();
        return new RouteResult(d.tier().id(), first.map(x -> x.name()).orElse(null), first.map(x -> x.model()).orElse(null),
                d.reasons(), d.fallback());
    }

    /** An ai/chat request's run: the system prompt, the conversation so far, then the context and the message. */
    private Run chatRun(String message, Task task, List<Message> history, ContextBuilder.Built context, Tier tier) {
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(ChatMessage.system(dev.stratus.ai.chat.Prompts.system(task.id())));
        messages.addAll(ConversationStore.forModel(history.subList(Math.max(0, history.size() - HISTORY_MESSAGES), history.size())));
        messages.add(ChatMessage.user(context.text().isEmpty() ? message : context.text() + message));
        PromptContext pc = new PromptContext(context.files(), context.text().length() / 4, ConversationStore.depth(history));
        return new Run(session.caller().userId(), session.caller().userName(), workspaceId(), "chat", task, message, pc, messages,
                tools.specs(task), tier, null);
    }

    @Override
    public Started chat(ChatParams params) {
        if (params == null || params.message() == null || params.message().isBlank()) {
            throw new ExtensionException(ExtensionException.Reason.INVALID_PARAMS, "message is required");
        }
        Task task = RequestParams.task(params.task());
        Tier tier = RequestParams.tier(params.tier());
        if (params.conversationId() != null && store.isDeleted(workspaceId(), params.conversationId())) {
            throw new ExtensionException(ExtensionException.Reason.NOT_FOUND, "The conversation was deleted");
        }
        String conversationId = params.conversationId() != null ? params.conversationId() : store.newId();
        String requestId = UUID.randomUUID().toString();
        ConversationTurns.Turn turn = turns.take(workspaceId(), conversationId, this).orElseThrow(() -> new ExtensionException(
                ExtensionException.Reason.CONFLICT,
                "This conversation is being answered in another tab or window: send again once that answer is in"));
        Running run = new Running(requestId, conversationId, turn, tools, client.log(requestId));
        resumable.started(session.caller().userId(), workspaceId(), run);
        start(run, () -> {
            ShownAnswer shown = new ShownAnswer(requestId, client, tools, session.caller(), this::redacted, true);
            try {
                turn.awaitBefore();
            } catch (InterruptedException e) {
                // Stopped, or its page closed, while the answer before it was still being written or
                // kept: the message stays in the conversation as a stopped answer's does, after that one.
                String ended = run.abandoned() ? Message.INTERRUPTED : Message.STOPPED;
                if (turn.awaitBeforeThroughInterrupts(KEEP_WAITING_MESSAGE_FOR)) {
                    keepUnfinished(conversationId, params, shown, ended, null);
                } else {
                    // That answer goes on: the request ends now, and its message is kept once that answer is.
                    turn.keepAfterBefore(() -> keepUnfinished(conversationId, params, shown, ended, null));
                }
                throw e;
            }
            if (!state().configured()) {
                throw new AiFailure(AiFailure.UNAVAILABLE, state().status().help());
            }
            RunResult r;
            try {
                List<Message> history = ConversationStore.withoutRetried(store.messages(workspaceId(), conversationId), params.retryOf());
                ContextBuilder.Built context = contextBuilder.build(params.message(), params.context(), session.workspace());
                for (String p : context.problems()) {
                    shown.notice("context", "Left out of the context: " + p, null);
                }
                r = engine().run(chatRun(params.message(), task, history, context, tier), shown);
            } catch (InterruptedException e) {
                keepUnfinished(conversationId, params, shown, run.abandoned() ? Message.INTERRUPTED : Message.STOPPED, null);
                throw e;
            } catch (RuntimeException e) {
                // Abandoning the answer interrupts it, which may surface as any failure.
                boolean gone = run.abandoned();
                keepUnfinished(conversationId, params, shown, gone ? Message.INTERRUPTED : Message.FAILED, gone ? null : e);
                throw e;
            }
            AiProtocol.Route route = route(r);
            AiProtocol.Usage usage = new AiProtocol.Usage(r.usage().promptTokens(), r.usage().completionTokens());
            // Calls left in a chat's result were made past the step limit and not run: the history
            // says where the answer stopped.
            String limit = r.toolCalls().isEmpty() ? null
                    : "*Stopped at the limit of " + AiEngine.MAX_STEPS + " steps; the model's last tool calls were not run.*";
            try {
                // The text of every step, not only the last one's (r.text()): what the user read.
                watch.changed(AiProtocol.ConversationChanged.updated(store.append(workspaceId(), conversationId,
                        List.of(Message.user(params.message(), params.task(), params.context()), shown.complete(route, usage, limit)),
                        params.retryOf())));
            } catch (ConversationStore.ConversationDeletedException e) {
                throw new ExtensionException(ExtensionException.Reason.NOT_FOUND,
                        "The conversation was deleted while this answer was written; the answer was not kept");
            }
            client.done(new AiProtocol.Done(requestId, conversationId, route, usage, null, null));
        });
        return new Started(conversationId, requestId);
    }

    static AiProtocol.Route route(RunResult r) {
        return new AiProtocol.Route(r.tier().id(), r.deployment(), r.model(), r.reasons(),
                r.fallbacks().stream().map(f -> new AiProtocol.Fallback(f.deployment(), f.reason())).toList());
    }

    /**
     * Keeps a stopped, failed or interrupted exchange in the conversation, as VS Code's chat does:
     * the user sees it in the history and can ask again, and the next turn's model knows it was asked.
     * {@code failure} is what a failed one failed with (its message is kept when it is meant for
     * the user, and its error code always).
     */
    private void keepUnfinished(String conversationId, ChatParams params, ShownAnswer shown, String ended, RuntimeException failure) {
        try {
            Message answer = failure == null ? shown.unfinished(ended, null)
                    : shown.unfinished(ended, failure instanceof AiFailure || failure instanceof ExtensionException ? failure.getMessage() : null)
                            .withErrorCode(ErrorCodes.ofFailure(failure));
            watch.changed(AiProtocol.ConversationChanged.updated(store.append(workspaceId(), conversationId,
                    List.of(Message.user(params.message(), params.task(), params.context()), answer), params.retryOf())));
        } catch (RuntimeException e) {
            // The request's own end is what the user must hear of; the history misses this exchange.
        }
    }

    /**
     * Runs a request on its own virtual thread; failures end it with {@code ai/done} carrying the
     * error. Its turn at its conversation (none for an edit) ends with it.
     */
    private void start(Running run, Work work) {
        String requestId = run.requestId;
        String conversationId = run.conversationId;
        Thread t = Thread.ofVirtual().name("ai-request-" + requestId).unstarted(() -> {
            try {
                try {
                    work.run();
                } catch (InterruptedException | RuntimeException e) {
                    if (!run.abandoned()) {
                        throw e;
                    }
                    // Closed under the answer, which surfaces as any failure: kept as interrupted, and said so.
                    client.done(new AiProtocol.Done(requestId, conversationId, null, null, null,
                            new AiProtocol.Error(AiFailure.CANCELLED, STOPPED_UNDER_IT)));
                }
            } catch (AiFailure e) {
                client.done(new AiProtocol.Done(requestId, conversationId, null, null, null,
                        new AiProtocol.Error(ErrorCodes.ofFailure(e), e.getMessage())));
            } catch (GovernanceStoreException e) {
                AiFailure refused = AiFailure.unrecorded(e);
                client.done(new AiProtocol.Done(requestId, conversationId, null, null, null,
                        new AiProtocol.Error(refused.code(), refused.getMessage())));
            } catch (InterruptedException e) {
                client.done(new AiProtocol.Done(requestId, conversationId, null, null, null,
                        new AiProtocol.Error(AiFailure.CANCELLED, "Cancelled")));
            } catch (ExtensionException e) {
                client.done(new AiProtocol.Done(requestId, conversationId, null, null, null,
                        new AiProtocol.Error(ErrorCodes.of(e), e.getMessage())));
            } catch (RuntimeException e) {
                // Reported by an incident id alone, as the server reports its own failures: no internals to the browser.
                String incident = java.util.UUID.randomUUID().toString().substring(0, 8);
                LOG.log(System.Logger.Level.ERROR, "AI request " + requestId + " failed (incident " + incident + ")", e);
                client.done(new AiProtocol.Done(requestId, conversationId, null, null, null,
                        new AiProtocol.Error(-32603, "The assistant failed (incident " + incident + ")")));
            } finally {
                if (run.turn != null) {
                    run.turn.end();
                }
                client.forget(requestId);
                run.tools.forget(requestId);
                resumable.ended(run);
                run.ended();
            }
        });
        running.put(requestId, run);
        run.keptBy(() -> running.remove(requestId, run));
        run.start(t);
    }

    @FunctionalInterface
    private interface Work {
        void run() throws InterruptedException;
    }

    @Override
    public Started edit(EditParams params) {
        if (params == null || params.path() == null || params.instruction() == null || params.instruction().isBlank()) {
            throw new ExtensionException(ExtensionException.Reason.INVALID_PARAMS, "path and instruction are required");
        }
        Task task = params.task() == null ? Task.REFACTOR_FILE : RequestParams.task(params.task());
        EditRecords.Answered escalatedFrom = params.escalateFrom() == null ? null : proposals.answered(params.escalateFrom(), params.path());
        String oldText = session.workspace().files().read(params.path());
        String requestId = UUID.randomUUID().toString();
        String conversationId = store.newId();
        // Taken up after a dropped connection as a chat answer is (ai/resume): the review comes all the same.
        Running edit = new Running(requestId, conversationId, null, tools, client.log(requestId));
        resumable.started(session.caller().userId(), workspaceId(), edit);
        start(edit, () -> {
            if (!state().configured()) {
                throw new AiFailure(AiFailure.UNAVAILABLE, state().status().help());
            }
            EditTarget target = EditTarget.of(oldText, params.selection() == null ? null : params.selection().startLine(),
                    params.selection() == null ? null : params.selection().endLine());
            String problems = "";
            // An answer with no code block cannot be applied, and a saved edit that made the
            // language servers report new problems failed too: escalate one tier up, once per
            // tier for the whole chain of requests; the route's reasons record each step.
            Escalation escalation = escalatedFrom != null ? escalatedFrom.escalation() : new Escalation();
            if (escalatedFrom != null) {
                var up = escalation.next(escalatedFrom.tier(), Escalation.Reason.DIAGNOSTICS_WORSE, state().tiers());
                if (up.isEmpty()) {
                    throw new AiFailure(AiFailure.UNAVAILABLE, "The edit made the problems worse and there is no larger model to ask: "
                            + escalation.reasons().getLast());
                }
                List<String> seen = params.problems() == null ? List.of() : params.problems().stream().limit(20).toList();
                problems = "\n\nA previous answer to this instruction was applied and the language server now reports "
                        + (seen.isEmpty() ? "new problems" : "these new problems:\n- " + String.join("\n- ", seen))
                        + "\nThe text below is the file as it is now. Fix the problems while doing what the instruction says.";
                client.notice(new AiProtocol.Notice(requestId, "escalation", "The edit from " + escalatedFrom.deployment()
                        + " left " + (seen.isEmpty() ? "new problems" : seen.size() + (seen.size() == 1 ? " new problem" : " new problems"))
                        + "; asking the " + up.get().id() + " tier.", null));
            }
            List<ChatMessage> messages = List.of(ChatMessage.system(dev.stratus.ai.chat.Prompts.edit()),
                    ChatMessage.user(target.prompt(params.path(), params.instruction(), problems)));
            RunResult r;
            Matcher m;
            List<String> withoutCode = new ArrayList<>();
            while (true) {
                Run run = new Run(session.caller().userId(), session.caller().userName(), workspaceId(), "edit", task,
                        params.instruction(), PromptContext.NONE, messages, List.of(), null, null, escalation);
                r = engine().run(run, new ShownAnswer(requestId, client, tools, session.caller(), this::redacted));
                m = FENCE.matcher(r.text());
                if (m.find()) {
                    break;
                }
                withoutCode.add(r.deployment());
                var up = escalation.next(r.tier(), Escalation.Reason.EDIT_DID_NOT_APPLY, state().tiers());
                if (up.isEmpty()) {
                    // The models answered, so this is no outage (1009 would send the user to check
                    // the deployments): the answer does not fit what an edit needs, Conflict, and
                    // what helps is a clearer instruction or less to change.
                    throw new ExtensionException(ExtensionException.Reason.CONFLICT, "No edit to offer: "
                            + String.join(" and ", withoutCode) + " answered without a code block to apply. Say in the"
                            + " instruction what the code should become, or select fewer lines, and try again.");
                }
                client.notice(new AiProtocol.Notice(requestId, "escalation", "The answer from " + r.deployment()
                        + " held no edit to apply; asking the " + up.get().id() + " tier.", r.text().length()));
            }
            proposals.answered(requestId, new EditRecords.Answered(params.path(), r.deployment(), r.tier(), escalation));
            String replacement = m.group(1).replaceAll("\\n$", "");
            try {
                replacement = SecretRestore.restore(target.text(), engine().redacted(target.text()), replacement);
            } catch (SecretRestore.Unrestorable e) {
                throw new AiFailure(AiFailure.BLOCKED, "Not offered: the answer changed where " + params.path() + " holds secrets the model"
                        + " was not shown (" + e.getMessage() + "), and they could not be put back as they were. Select lines"
                        + " without them, or make that change by hand.");
            }
            String newText = target.splice(replacement);
            proposals.proposed(requestId, params.path(), oldText, newText);
            client.done(new AiProtocol.Done(requestId, conversationId, route(r),
                    new AiProtocol.Usage(r.usage().promptTokens(), r.usage().completionTokens()),
                    List.of(new AiProtocol.Edit(params.path(), oldText, newText)), null));
        });
        return new Started(conversationId, requestId);
    }

    @Override
    public Applied applyEdit(ApplyEditParams params) {
        return proposals.apply(params);
    }

    /** An ai/edit's proposal not applied yet, reviewed again after a reload. */
    @Override
    public AiProtocol.Edit proposal(RequestRef params) {
        return proposals.proposal(params == null ? null : params.requestId());
    }

    /** A kept proposal reviewed again gets its file's secrets back from the file as it is now. */
    @Override
    public AiProtocol.Edit proposedEdit(AiProtocol.ProposedEditParams params) {
        return tools.proposedEdit(params == null ? null : params.path(), params == null ? null : params.content());
    }

    @Override
    public RequestRef complete(AiProtocol.CompleteParams params) {
        return completions.complete(params);
    }

    @Override
    public Empty cancel(RequestRef params) {
        Running r = params == null || params.requestId() == null ? null : running.get(params.requestId());
        if (r != null) {
            r.interrupt();
        } else if (params != null && params.requestId() != null) {
            completions.cancel(params.requestId());
        }
        return new Empty();
    }

    @Override
    public Empty approveTool(Approval params) {
        // An answer taken up from a page that went away runs its calls with that connection's tools.
        Running r = params == null || params.requestId() == null ? null : running.get(params.requestId());
        if (params == null || !(r != null ? r.tools : tools).decide(params.requestId(), params.callId(), params.step(), params.index(),
                params.approved())) {
            throw new ExtensionException(ExtensionException.Reason.NOT_FOUND, "No tool call waits for approval with that id");
        }
        return new Empty();
    }

    @Override
    public Conversations conversations() {
        return new Conversations(store.list(workspaceId()));
    }

    @Override
    public Conversation conversation(ConversationRef params) {
        return store.get(workspaceId(), params == null ? null : params.conversationId())
                .orElseThrow(() -> new ExtensionException(ExtensionException.Reason.NOT_FOUND, "No such conversation"));
    }

    /**
     * Deleting the conversation an answer is being written into stops that answer, as closing a
     * chat in VS Code does: the user wants neither. The store refuses the answer's write after the
     * delete, so neither its end nor an answer streaming on another connection brings it back.
     */
    @Override
    public Empty deleteConversation(ConversationRef params) {
        String id = params == null ? null : params.conversationId();
        if (!store.delete(workspaceId(), id)) {
            throw new ExtensionException(ExtensionException.Reason.NOT_FOUND, "No such conversation");
        }
        watch.changed(AiProtocol.ConversationChanged.deleted(id));
        running.values().stream().filter(r -> id.equals(r.conversationId)).forEach(Running::interrupt);
        return new Empty();
    }

    /**
     * Takes up a chat answer or an edit of this user here whose page went away (reloaded, or its
     * connection lost): this connection is sent what it sent so far, then the rest, and may stop
     * it or answer its tool approvals.
     */
    @Override
    public Started resume(RequestRef params) {
        Running run = resumable.take(params == null ? null : params.requestId(), session.caller().userId(), workspaceId(), client.out())
                .orElseThrow(() -> new ExtensionException(ExtensionException.Reason.NOT_FOUND,
                        "No answer or edit is being written under that id: it ended (an answer is in its conversation)"));
        running.put(run.requestId, run);
        run.keptBy(() -> running.remove(run.requestId, run));
        if (run.turn != null) {
            run.turn.adopt(this);
        }
        return new Started(run.conversationId, run.requestId);
    }

    /**
     * The connection closed: its chat answers and edits go on for a while, for the page to take
     * them up again when it comes back ({@link ResumableAnswers}); the other requests stop.
     */
    @Override
    public void close() {
        watch.close();
        completions.close();
        for (Running r : running.values()) {
            if (!resumable.await(r)) {
                r.abandon();
            }
        }
    }
}
