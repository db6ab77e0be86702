package dev.stratus.ai.chat;

import dev.stratus.ai.chat.ConversationStore.Message;
import dev.stratus.ai.engine.AiEngine;
import dev.stratus.ai.engine.RunResult;
import dev.stratus.ai.engine.RunSink;
import dev.stratus.ai.model.ChatResult;
import dev.stratus.ai.model.Tier;
import dev.stratus.ai.model.ToolCall;
import dev.stratus.ai.model.Usage;
import dev.stratus.extension.api.Caller;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One request's answer on its way to the browser ({@code ai/delta}, {@code ai/notice}, the tool
 * steps' {@code ai/toolCall}, and for a chat the model's thinking as {@code ai/thinking}), and what
 * of it the user was shown, to keep in the conversation: the text of every step (text a restart
 * discarded taken out), each tool step where it happened, as it last stood, each notice where it
 * was shown, and the thinking's start. Used by the request's own thread only.
 */
final class ShownAnswer implements RunSink {
    /** At most this many tool steps are kept with a stored answer; later ones are shown live only. */
    static final int MAX_STORED_STEPS = 100;
    /**
     * At most this many notices are kept with a stored answer; later ones are shown live only,
     * except the length limit's, which says how the answer ended (and a later turn is told of it).
     */
    static final int MAX_STORED_NOTICES = 50;
    /** Whole {@code propose_edit} arguments kept per answer, in characters, for reviewing again. */
    static final int PROPOSALS_CHARS = 1_000_000;

    private final String requestId;
    private final AiClient client;
    private final ChatTools tools;
    private final Caller caller;
    /** What a stored result or notice goes through: results (a file read, a command's output) are as the tool gave them. */
    private final UnaryOperator<String> redact;
    private final StringBuilder text = new StringBuilder();
    /** Whether the model's thinking is shown ({@code ai/thinking}) and kept: a chat's is, an edit's is not. */
    private final boolean showsThinking;
    /**
     * The thinking shown, block by block (each think block or reasoning, of every step and
     * attempt, in order; a block the template opened starts with the text taken back from the answer).
     */
    private final List<StringBuilder> thinking = new ArrayList<>();
    /** Whether thinking came since the last think block ended or restart came: it goes on the last block. */
    private boolean thinkingOpen;
    private final Map<String, StoredStep> steps = new LinkedHashMap<>();
    private final List<StoredNotice> notices = new ArrayList<>();
    /**
     * The text the last restart took back, while nothing came after it, and the index of its
     * notice among those kept: should the answer end there, that text is all of it the user got.
     */
    private String struck;
    private int struckNotice;
    private int agentSteps;
    private int proposalChars;
    /** The calls run (or answered as repeats) so far, by tool, for what the answer says when the step limit ends it. */
    private final Map<String, Integer> called = new LinkedHashMap<>();
    /** Whether the line saying the step limit ended the answer was shown. */
    private boolean stoppedShown;

    ShownAnswer(String requestId, AiClient client, ChatTools tools, Caller caller, UnaryOperator<String> redact) {
        this(requestId, client, tools, caller, redact, false);
    }

    /** {@code showsThinking}: the model's thinking is sent as {@code ai/thinking} and kept with the answer. */
    ShownAnswer(String requestId, AiClient client, ChatTools tools, Caller caller, UnaryOperator<String> redact, boolean showsThinking) {
        this.showsThinking = showsThinking;
        this.requestId = requestId;
        this.client = client;
        this.tools = tools;
        this.caller = caller;
        this.redact = redact;
    }

    @Override
    public void text(String delta) {
        struck = null;
        text.append(delta);
        client.delta(new AiProtocol.Delta(requestId, delta));
    }

    @Override
    public void thinking(String delta) {
        if (!showsThinking || delta.isEmpty()) {
            return;
        }
        if (!thinkingOpen) {
            thinking.add(new StringBuilder());
            thinkingOpen = true;
        }
        thinking.getLast().append(delta);
        client.thinking(new AiProtocol.Thinking(requestId, delta));
    }

    @Override
    public void notice(String kind, String message, Integer discardedChars) {
        boolean thought = "thinking".equals(kind);
        if (discardedChars != null) {
            int from = Math.max(0, text.length() - discardedChars);
            if (thought && showsThinking && from < text.length()) {
                // The block the template opened began as text: it is the start of this block's thinking.
                if (!thinkingOpen) {
                    thinking.add(new StringBuilder());
                }
                thinking.getLast().insert(0, text, from, text.length());
            }
            // Thinking taken back is not answer text; only a restart's could be all the answer there was.
            if (from < text.length() && !"thinking".equals(kind)) {
                struck = text.substring(from);
                struckNotice = notices.size();
            }
            text.setLength(from);
        }
        if (thought || "restart".equals(kind)) {
            thinkingOpen = false;
        }
        client.notice(new AiProtocol.Notice(requestId, kind, message, discardedChars));
        if (notices.size() < MAX_STORED_NOTICES || StoredNotice.LENGTH.equals(kind)) {
            // Redacted as a tool's result is: a fallback's reason may quote what a provider answered.
            notices.add(StoredNotice.of(kind, message, text.length(), agentSteps + 1, redact));
        }
    }

    @Override
    public List<String> toolCalls(List<ToolCall> calls) {
        struck = null;
        calls.forEach(c -> called.merge(c.name(), 1, Integer::sum));
        return tools.run(requestId, ++agentSteps, caller, calls, this::record);
    }

    /**
     * Calls left in the result were made in the last step and not run: the model gave no final
     * answer, so the server says so in a line of its own (in italics, as its other lines in an
     * answer are), with what was done, rather than end on what looks like a complete answer.
     */
    @Override
    public void finished(ChatResult result, Usage usage, Tier tier, String deployment, List<RunResult.Fallback> fallbacks) {
        if (result.toolCalls().isEmpty() || stoppedShown) {
            return;
        }
        stoppedShown = true;
        String line = StepLimitEnding.line(AiEngine.MAX_STEPS, called, result.toolCalls());
        String delta = text.isEmpty() ? line : "\n\n" + line;
        struck = null;
        text.append(delta);
        client.delta(new AiProtocol.Delta(requestId, delta));
    }

    private void record(AiProtocol.ToolStep s) {
        String key = s.step() + "/" + s.index();
        StoredStep before = steps.get(key);
        if (before == null && steps.size() >= MAX_STORED_STEPS) {
            return;
        }
        boolean room = before != null ? before.argumentsCut() == null
                : proposalChars + (s.arguments() == null ? 0 : s.arguments().length()) <= PROPOSALS_CHARS;
        StoredStep now = StoredStep.of(withStorableResult(s), before != null ? before.at() : text.length(), room);
        if (before == null && ChatTools.PROPOSE_EDIT.equals(s.name()) && now.argumentsCut() == null) {
            proposalChars += now.arguments().length();
        }
        steps.put(key, now);
    }

    /**
     * The step with its result redacted as the model got it: a conversation outlives the secrets
     * a tool read (a key rotated since would stay in the history). Whole, before it is cut to
     * what is kept, so no secret is cut where its pattern no longer finds it.
     */
    private AiProtocol.ToolStep withStorableResult(AiProtocol.ToolStep s) {
        if (s.result() == null || s.result().isEmpty()) {
            return s;
        }
        String kept;
        try {
            kept = redact.apply(s.result());
        } catch (RuntimeException e) {
            kept = "[not kept: it could not be redacted]";
        }
        return new AiProtocol.ToolStep(s.requestId(), s.callId(), s.name(), s.arguments(), s.requiresApproval(), s.state(), kept,
                s.step(), s.index(), s.edit());
    }

    /** The text shown so far, of every step. */
    String text() {
        return text.toString();
    }

    /**
     * The whole answer, to store; {@code ending}, when not null, is a line added after what was
     * shown, unless the answer showed its own line for the step limit ending it ({@link #finished}).
     */
    Message complete(AiProtocol.Route route, AiProtocol.Usage usage, String ending) {
        String all = ending == null || stoppedShown ? text.toString() : text.isEmpty() ? ending : text + "\n\n" + ending;
        return Message.answer(all, route, usage, requestId, storedSteps(), storedNotices()).withThinking(thinking());
    }

    /**
     * The answer as far as it came, to store: {@code ended} says how it ended. When it ended after
     * a restart with nothing written since, the text the restart took back is kept as what of the
     * answer there was (the chat panel shows it so too), before the restart's notice.
     */
    Message unfinished(String ended, String error) {
        if (struck == null) {
            return Message.unfinished(text.toString(), ended, error, requestId, storedSteps(), storedNotices()).withThinking(thinking());
        }
        String all = text + struck;
        List<StoredNotice> moved = new ArrayList<>(notices);
        for (int i = struckNotice; i < moved.size(); i++) {
            moved.set(i, moved.get(i).movedTo(all.length()));
        }
        return Message.unfinished(all, ended, error, requestId, storedSteps(), moved.isEmpty() ? null : List.copyOf(moved))
                .withThinking(thinking());
    }

    /** The thinking shown, its blocks a paragraph apart, as the chat panel shows it; empty for none. */
    String thinking() {
        return String.join("\n\n", thinking);
    }

    private List<StoredNotice> storedNotices() {
        return notices.isEmpty() ? null : List.copyOf(notices);
    }

    private List<StoredStep> storedSteps() {
        List<StoredStep> out = new ArrayList<>();
        steps.values().forEach(s -> out.add(s.ended()));
        return out.isEmpty() ? null : out;
    }
}
