package dev.stratus.ai.engine;

import dev.stratus.ai.continuity.Answer;
import dev.stratus.ai.continuity.Attempt;
import dev.stratus.ai.continuity.Candidate;
import dev.stratus.ai.continuity.ChatUnavailableException;
import dev.stratus.ai.continuity.ContinuityEvent;
import dev.stratus.ai.continuity.Cooldowns;
import dev.stratus.ai.continuity.ResilientChat;
import dev.stratus.ai.governance.AiMetrics;
import dev.stratus.ai.governance.AuditAction;
import dev.stratus.ai.governance.AuditEvent;
import dev.stratus.ai.governance.AuditLog;
import dev.stratus.ai.governance.BudgetExceededException;
import dev.stratus.ai.governance.Bucket4jRateLimiter;
import dev.stratus.ai.governance.RateLimitedException;
import dev.stratus.ai.governance.Redacted;
import dev.stratus.ai.governance.RedactionBlockedException;
import dev.stratus.ai.governance.Redactor;
import dev.stratus.ai.governance.HeldReservation;
import dev.stratus.ai.governance.TokenBudgets;
import dev.stratus.ai.governance.TokenEstimator;
import dev.stratus.ai.model.ChatMessage;
import dev.stratus.ai.model.ChatRequest;
import dev.stratus.ai.model.ChatResult;
import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.Tier;
import dev.stratus.ai.model.Usage;
import dev.stratus.ai.router.PromptFeatures;
import dev.stratus.ai.router.RouteDecision;
import dev.stratus.ai.router.RouteRequest;
import dev.stratus.ai.router.Router;
import dev.stratus.ai.router.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One request from start to end: rate limit, route, redact (fail closed), reserve the budget,
 * call through {@link ResilientChat} (retries, cooldowns, fallbacks, cut streams), run the
 * model's tool calls for a bounded number of steps, settle the budget, audit, count. Every
 * refusal is an {@link AiFailure} with the client's code; nothing unredacted ever leaves.
 */
public final class AiEngine {
    /** Tool-call rounds per request (each visible to the user); the last offers no more calls ({@link StepLimit}). */
    public static final int MAX_STEPS = 6;
    /** The answer routing and context fit make room for when the caller set no bound; what is sent is {@link OutputBound}'s. */
    private static final int DEFAULT_MAX_OUTPUT = 2048;

    /** The router, and those whose chat goes to one tier (the gateway's stratus/small, stratus/medium, stratus/large). */
    private volatile Routers routers;
    private final ResilientChat chat;
    private final Cooldowns cooldowns;
    private final Redactor redactor;
    private final TokenBudgets budgets;
    private final Bucket4jRateLimiter rateLimiter;
    private final AuditLog audit;
    private final AiMetrics metrics;
    private final boolean auditPrompts;

    public AiEngine(Router router, Map<Tier, Router> fixed, ResilientChat chat, Cooldowns cooldowns, Redactor redactor, TokenBudgets budgets,
                    Bucket4jRateLimiter rateLimiter, AuditLog audit, AiMetrics metrics, boolean auditPrompts) {
        this.routers = new Routers(router, Map.copyOf(fixed));
        this.chat = chat;
        this.cooldowns = cooldowns;
        this.redactor = redactor;
        this.budgets = budgets;
        this.rateLimiter = rateLimiter;
        this.audit = audit;
        this.metrics = metrics;
        this.auditPrompts = auditPrompts;
    }

    private record Routers(Router router, Map<Tier, Router> fixed) {
    }

    /** Routes over deployments as a later probe found them (their context, tools, output limit) from now on. */
    public void reroute(Router router, Map<Tier, Router> fixed) {
        routers = new Routers(router, Map.copyOf(fixed));
    }

    /**
     * {@code text} as a model is given it: each secret replaced by its placeholder.
     *
     * @throws AiFailure {@link AiFailure#BLOCKED} when redaction fails
     */
    public String redacted(String text) {
        try {
            return redactor.redact(new ChatRequest(List.of(ChatMessage.user(text)), List.of(), null, null)).request().messages().get(0).content();
        } catch (RedactionBlockedException e) {
            throw new AiFailure(AiFailure.BLOCKED, "Not sent: " + e.getMessage());
        }
    }

    private static ChatRequest request(Run run, List<ChatMessage> messages, dev.stratus.ai.model.Sampling sampling) {
        return new ChatRequest(messages, run.tools(), run.maxOutputTokens(), sampling, run.completion());
    }

    /** The route a run would take, without calling a model. */
    public RouteDecision route(Run run) {
        ChatRequest request = request(run, run.messages(), run.sampling());
        int input = (int) TokenEstimator.promptTokens(request);
        int output = run.maxOutputTokens() != null ? run.maxOutputTokens() : DEFAULT_MAX_OUTPUT;
        RouteRequest rr;
        if (run.tier() != null) {
            // A fixed tier (gateway models, escalation) goes through a router whose chat is that tier: nothing to score.
            rr = RouteRequest.forTask(Task.CHAT, input, output);
        } else if (run.task() == Task.CHAT) {
            // The tier is scored on the prompt; whether a deployment can take it, on all the call sends (the whole conversation).
            PromptFeatures features = PromptFeatures.extract(run.prompt() == null ? "" : run.prompt(), run.context());
            rr = RouteRequest.forChat(features, output).withInputTokens(Math.max(input, features.inputTokens()));
        } else {
            rr = RouteRequest.forTask(run.task(), input, output);
        }
        rr = rr.withTools(!run.tools().isEmpty()).withSampling(run.sampling()).withCompletion(run.completion());
        rr = rr.withCooldowns(new RouteCooldowns(cooldowns, chat.recoveryWaitMax()));
        if (run.escalation() != null) {
            rr = rr.withEscalation(run.escalation());
        }
        Routers r = routers;
        if (run.tier() == null) {
            return r.router().decide(rr);
        }
        RouteDecision d = r.fixed().get(run.tier()).decide(rr);
        // Its router's table sends chat to the tier; the reason is that the caller asked for it.
        List<String> reasons = new ArrayList<>(d.reasons());
        if (!reasons.isEmpty() && reasons.getFirst().startsWith("task chat -> ")) {
            reasons.set(0, "the " + run.tier().id() + " tier was asked for");
        }
        return new RouteDecision(d.requested(), d.tier(), d.candidates(), reasons, d.fallback(), d.chatScore(), d.unservable(), d.skipped());
    }

    /**
     * A run that passed what is checked before any call: the user's rate limit (this request is
     * counted), a route with deployments to call, the redaction of what the first call sends, and
     * the budget it needs. {@link #run(Admitted, RunSink)} it once.
     */
    public static final class Admitted {
        private final Run run;
        private final AuditAction action;
        private final RouteDecision decision;
        private final Redacted first;

        private Admitted(Run run, AuditAction action, RouteDecision decision, Redacted first) {
            this.run = run;
            this.action = action;
            this.decision = decision;
            this.first = first;
        }
    }

    /**
     * Checks a run before any call, so that a refusal can be answered before a response begins
     * (an HTTP status, not an error inside a stream). Each refusal is audited and counted. A text
     * completion is counted against the user's completions per minute, any other run against
     * their requests per minute.
     *
     * @throws AiFailure {@link AiFailure#RATE_LIMITED} (rate limit, budget), {@link AiFailure#UNAVAILABLE}
     *     (no deployment can take it), {@link AiFailure#BLOCKED} (redaction failed)
     * @throws dev.stratus.ai.governance.GovernanceStoreException when the audit log cannot take the request's records now
     */
    public Admitted admit(Run run) {
        AuditAction action = switch (run.action()) {
            case "edit" -> AuditAction.EDIT;
            case "gateway" -> AuditAction.GATEWAY;
            case "completion" -> AuditAction.COMPLETION;
            default -> AuditAction.CHAT;
        };
        audit.ensureWritable(); // nothing goes out that could not be recorded
        try {
            // Text completions come at nearly every pause in typing: they have an allowance of their own.
            if (run.completion()) {
                rateLimiter.acquireCompletion(run.userId());
            } else {
                rateLimiter.acquire(run.userId());
            }
        } catch (RateLimitedException e) {
            metrics.rateLimited();
            record(run, action, null, null, null, Usage.NONE, AuditEvent.refused("rate-limit"), List.of(), Map.of());
            throw new AiFailure(AiFailure.RATE_LIMITED, e.getMessage(), null, e.retryAfter());
        }
        RouteDecision decision = route(run);
        metrics.routeDecision(decision.tier(), decision.fallback() ? "fallback" : "primary");
        if (decision.candidates().isEmpty()) {
            record(run, action, decision.tier(), null, null, Usage.NONE, AuditEvent.refused("no-deployment"), List.of(), Map.of());
            throw RouteWords.refusal(decision, cooldowns, chat.recoveryWaitMax());
        }
        Redacted first = redact(run, action, decision, request(run, run.messages(), run.sampling()), Usage.NONE, List.of(), Map.of());
        try {
            budgets.check(run.userId(), run.userName(),
                    OutputBound.leastReservation(run.maxOutputTokens(), first.request(), decision.candidates()));
        } catch (BudgetExceededException e) {
            metrics.budgetRefusal(e.scopeKind());
            record(run, action, decision.tier(), null, null, Usage.NONE, AuditEvent.refused("budget"), List.of(),
                    first.countsByKind());
            throw AiFailure.budget(e);
        }
        return new Admitted(run, action, decision, first);
    }

    /** Admits and runs a request; blocks until the answer is complete (call it on a virtual thread). */
    public RunResult run(Run run, RunSink sink) throws InterruptedException {
        return run(admit(run), sink);
    }

    /**
     * Runs an admitted request; blocks until the answer is complete (call it on a virtual thread).
     * A budget spent by other requests since its admission is still refused here.
     */
    public RunResult run(Admitted admitted, RunSink sink) throws InterruptedException {
        Run run = admitted.run;
        AuditAction action = admitted.action;
        RouteDecision decision = admitted.decision;
        if (decision.fallback()) {
            sink.notice("fallback", RouteWords.fallbackNotice(decision), null);
        }
        List<Candidate> candidates = decision.candidates().stream().map(d -> ContextFit.asServed(d, cooldowns))
                .map(d -> d.tier() == decision.tier() ? Candidate.primary(d) : Candidate.neighbour(d)).toList();

        List<ChatMessage> messages = new ArrayList<>(run.messages());
        Usage total = Usage.NONE;
        List<RunResult.Fallback> fallbacks = new ArrayList<>(Fallbacks.passedOver(decision));
        Map<String, Integer> redactions = new java.util.TreeMap<>();
        List<String> overflowed = new ArrayList<>();
        Answer answer = null;
        // Each step sends the conversation so far again: its secrets count once, in the step that first sent them.
        int counted = 0;
        for (int step = 0; step < MAX_STEPS; step++) {
            boolean lastStep = step == MAX_STEPS - 1;
            if (lastStep) {
                sink.notice("steps", StepLimit.lastStep(MAX_STEPS), null);
            }
            Redacted redacted = step == 0 ? admitted.first : redact(run, action, decision, request(run, messages,
                    lastStep ? StepLimit.withoutToolCalls(run.sampling()) : run.sampling()), total, fallbacks, redactions);
            redacted.countsByKind(counted).forEach((k, v) -> redactions.merge(k, v, Integer::sum));
            counted = messages.size();
            long prompt = TokenEstimator.promptTokens(redacted.request());
            long needed = prompt + TokenEstimator.outputBound(redacted.request(), DEFAULT_MAX_OUTPUT);
            List<Candidate> fitting = ContextFit.holding(candidates, needed, sink, fallbacks, overflowed);
            if (fitting.isEmpty()) {
                record(run, action, decision.tier(), null, null, total, AuditEvent.refused("no-deployment"), fallbacks, redactions);
                throw new AiFailure(AiFailure.UNAVAILABLE, ContextFit.tooLarge(candidates, needed), AiFailure.CONTEXT_TOO_LARGE);
            }
            candidates = fitting;
            long bound = OutputBound.wanted(run.maxOutputTokens(), prompt, candidates.stream().map(Candidate::deployment).toList());
            HeldReservation held;
            try {
                held = budgets.hold(run.userId(), run.userName(), prompt, OutputBound.least(run.maxOutputTokens(), bound), bound);
            } catch (BudgetExceededException e) {
                metrics.budgetRefusal(e.scopeKind());
                record(run, action, decision.tier(), null, null, total, AuditEvent.refused("budget"), fallbacks, redactions);
                throw AiFailure.budget(e);
            }
            ChatRequest sent = OutputBound.bounded(redacted.request(), held.reservation().tokens() - prompt);
            Usage used = Usage.NONE;
            Forwarder forwarder = new Forwarder(held, sink);
            try {
                // The reservation's disk flush runs while the call is sent; no output passes before it is done.
                answer = chat.call(candidates, sent, forwarder);
                held.durable();
                used = TokenEstimator.charged(answer.result(), redacted.request());
                if (answer.result().toolCalls().isEmpty() || lastStep) {
                    if (!answer.result().toolCalls().isEmpty()) {
                        sink.notice("steps", StepLimit.notRun(answer.result().toolCalls(), MAX_STEPS), null);
                    }
                    if ("length".equals(answer.result().finishReason())) {
                        sink.notice("length", OutputBound.reached(sent, bound), null);
                    }
                    sink.finished(answer.result(), total.plus(used), answer.answeredBy().tier(), answer.answeredBy().deployment().name(),
                            Fallbacks.tried(fallbacks, answer.trace()));
                }
            } catch (ChatUnavailableException e) {
                used = TokenEstimator.cutShort(redacted.request(), forwarder.written());
                CallMeters.unanswered(metrics, e.trace(), used);
                record(run, action, decision.tier(), null, null, total.plus(used), AuditEvent.error("unavailable"),
                        Fallbacks.tried(fallbacks, e.trace()), redactions);
                String rejected = AiFailure.rejection(e);
                // An outage says, as a refusal at admission does, when the first is back (a gateway's Retry-After).
                java.time.Duration first = rejected != null ? null : e.candidates().stream()
                        .map(c -> cooldowns.remaining(c.deployment()).orElse(null)).filter(java.util.Objects::nonNull)
                        .min(java.util.Comparator.naturalOrder()).orElse(null);
                throw new AiFailure(AiFailure.UNAVAILABLE, e.getMessage(), rejected, first);
            } catch (InterruptedException | RuntimeException e) {
                // Cancelled, the client gone, or the sink ended the answer: recorded and charged all the same
                // (what the provider reported, when the answer had come whole before the sink failed).
                if (used == Usage.NONE) {
                    used = TokenEstimator.cutShort(redacted.request(), forwarder.written());
                }
                ContinuityEvent.Restart cut = forwarder.refusedRestart();
                if (cut != null) {
                    Deployment from = Fallbacks.candidate(decision, cut.from());
                    CallMeters.ended(metrics, from != null ? from.tier() : decision.tier(), cut.from(), "error:stream-cut", used);
                    record(run, action, from != null ? from.tier() : decision.tier(), from, null, total.plus(used),
                            AuditEvent.error("stream-cut"), Fallbacks.cutOff(fallbacks, cut), redactions);
                    throw e;
                }
                String ended = AuditEvent.error(e instanceof InterruptedException && !sink.clientGone() ? "cancelled" : "aborted");
                Deployment writer = Fallbacks.candidate(decision, forwarder.writer());
                CallMeters.ended(metrics, writer != null ? writer.tier() : decision.tier(), forwarder.writer(), ended, used);
                record(run, action, decision.tier(), null, null, total.plus(used), ended, fallbacks, redactions);
                throw e;
            } finally {
                budgets.settle(held.reservation(), used);
            }
            total = total.plus(used);
            collect(answer, fallbacks, overflowed);
            CallMeters.answered(metrics, answer.trace(), used);
            ChatResult result = answer.result();
            if (result.toolCalls().isEmpty() || lastStep) {
                break;
            }
            List<String> outputs = sink.toolCalls(result.toolCalls());
            if (Thread.interrupted()) {
                // Stopped while a tool ran or waited for approval: nothing more goes to a model.
                record(run, action, answer.answeredBy().tier(), answer.answeredBy().deployment(), answer, total,
                        AuditEvent.error("cancelled"), fallbacks, redactions);
                throw new InterruptedException("stopped during a tool call");
            }
            if (outputs == null) {
                break;
            }
            messages.add(ChatMessage.assistant(result.text(), result.toolCalls()));
            for (int i = 0; i < result.toolCalls().size(); i++) {
                messages.add(ChatMessage.toolResult(result.toolCalls().get(i).id(), i < outputs.size() ? outputs.get(i) : ""));
            }
        }
        Deployment by = answer.answeredBy().deployment();
        List<String> reasons = new ArrayList<>(decision.reasons());
        List<String> overflows = ContextFit.escalations(run, decision, overflowed, answer.answeredBy().tier());
        reasons.addAll(overflows);
        record(run, action, answer.answeredBy().tier(), by, answer, total, AuditEvent.ok(), fallbacks, redactions,
                run.escalation() != null ? run.escalation().reasons() : overflows);
        return new RunResult(answer.result().text(), answer.result().toolCalls(), total, answer.answeredBy().tier(), by.name(),
                by.model(), reasons, List.copyOf(fallbacks), answer.result().finishReason());
    }

    /**
     * One pass over a call's attempts: each one that did not answer is a fallback (recorded, and
     * counted once per deployment moved away from); those that did not fit their context are
     * noted for {@link ContextFit#escalations}.
     */
    private void collect(Answer answer, List<RunResult.Fallback> fallbacks, List<String> overflowed) {
        String answeredBy = answer.answeredBy().deployment().name();
        java.util.Set<String> movedFrom = new java.util.LinkedHashSet<>();
        for (Attempt a : answer.trace().attempts()) {
            if (a.outcome() != Attempt.Outcome.ANSWERED && a.called()) {
                fallbacks.add(new RunResult.Fallback(a.deployment(), a.outcome().text()));
                if (!a.deployment().equals(answeredBy)) {
                    movedFrom.add(a.deployment());
                }
            }
            if (a.outcome() == Attempt.Outcome.CONTEXT_OVERFLOW) {
                overflowed.add(a.deployment());
            }
        }
        movedFrom.forEach(from -> metrics.fallback(from, answeredBy));
    }

    /** The request as it may be sent; a redaction that fails is audited and refused (nothing is sent). */
    private Redacted redact(Run run, AuditAction action, RouteDecision decision, ChatRequest request, Usage total,
                            List<RunResult.Fallback> fallbacks, Map<String, Integer> redactions) {
        try {
            return redactor.redact(request);
        } catch (RedactionBlockedException e) {
            metrics.redactionBlocked();
            record(run, action, decision.tier(), null, null, total, AuditEvent.refused("redaction"), fallbacks, redactions);
            throw new AiFailure(AiFailure.BLOCKED, "Not sent: " + e.getMessage());
        }
    }

    private void record(Run run, AuditAction action, Tier tier, Deployment d, Answer answer, Usage usage, String outcome,
                        List<RunResult.Fallback> fallbacks, Map<String, Integer> redactions) {
        record(run, action, tier, d, answer, usage, outcome, fallbacks, redactions,
                run.escalation() != null ? run.escalation().reasons() : List.of());
    }

    private void record(Run run, AuditAction action, Tier tier, Deployment d, Answer answer, Usage usage, String outcome,
                        List<RunResult.Fallback> fallbacks, Map<String, Integer> redactions, List<String> escalations) {
        String prompt = null;
        if (auditPrompts && run.prompt() != null) {
            try {
                prompt = redacted(run.prompt());
            } catch (AiFailure e) {
                prompt = "[not recorded: redaction failed]";
            }
        }
        audit.append(new AuditEvent(run.userId(), run.workspaceId(), action, tier, d == null ? null : d.model(),
                d == null ? null : d.name(), usage.promptTokens(), usage.completionTokens(), outcome,
                fallbacks.stream().map(f -> f.deployment() + ": " + f.reason()).toList(), redactions, prompt, escalations));
    }
}
