package dev.stratus.ai.engine;

import dev.stratus.ai.governance.TokenEstimator;
import dev.stratus.ai.model.ChatRequest;
import dev.stratus.ai.model.Deployment;
import java.util.List;

/**
 * The bound of a step's answer, which is what its budget reservation holds beyond the prompt and
 * what the call sends as its {@code max_tokens}: what is reserved bounds what can be spent. The
 * caller's bound when it gave one (the gateway's {@code max_tokens}); else {@value #DEFAULT}
 * tokens, or as many as the prompt when that is more (an edit rewrites all it was shown). Either
 * is kept within what the deployments that may answer can give ({@link Deployment#outputRoom}).
 * When the user's budgets hold less than a default bound, the answer gets what remains of them,
 * down to {@value #LEAST} tokens; an answer cut by its bound ends with a {@code length} notice. A
 * caller's own bound is held whole or refused: it was asked for, and is not cut short unseen.
 */
final class OutputBound {
    /** The bound of an answer the caller did not bound. */
    static final int DEFAULT = 8192;
    /** The smallest bound worth a call when the budgets hold less than the wanted one. */
    static final int LEAST = 256;

    private OutputBound() {
    }

    /** The bound a step asks for, for a prompt of about {@code prompt} tokens going to one of {@code deployments}. */
    static long wanted(Integer requested, long prompt, List<Deployment> deployments) {
        long want = requested != null ? requested : Math.max(DEFAULT, prompt);
        long room = deployments.stream().mapToLong(d -> d.outputRoom(prompt)).max().orElse(want);
        return Math.max(1, Math.min(want, room));
    }

    /** The smallest bound that is still worth a call, for a step that wants {@code wanted}. */
    static long least(Integer requested, long wanted) {
        return requested != null ? wanted : Math.min(LEAST, wanted);
    }

    /** The smallest reservation that lets the first step of a run be sent (prompt and least bound). */
    static long leastReservation(Integer requested, ChatRequest request, List<Deployment> deployments) {
        long prompt = TokenEstimator.promptTokens(request);
        return prompt + least(requested, wanted(requested, prompt, deployments));
    }

    /** The notice of an answer that reached the bound it was sent, the step having wanted {@code wanted}. */
    static String reached(ChatRequest sent, long wanted) {
        return "The answer reached its length limit (" + sent.maxOutputTokens() + " tokens"
                + (sent.maxOutputTokens() < wanted ? ", what remained of the token budget" : "") + ") and stops there, unfinished.";
    }

    /** The step's request with the bound its reservation holds. */
    static ChatRequest bounded(ChatRequest request, long bound) {
        return new ChatRequest(request.messages(), request.tools(), (int) Math.min(Integer.MAX_VALUE, bound), request.sampling(),
                request.completion());
    }
}
