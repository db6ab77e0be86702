package dev.stratus.ai.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The records of the {@code ai/*} protocol (docs/protocol.md, "AI assistant"). */
public final class AiProtocol {
    private AiProtocol() {
    }

    public record Empty() {
    }

    public record DeploymentStatus(String name, String tier, String provider, String model, Integer contextTokens, Boolean tools,
                                   String state, String until, String problem) {
    }

    /** @param found model servers answering on this machine, while no model is configured; null (absent) once one is */
    public record Status(boolean configured, List<DeploymentStatus> deployments, String help,
                         @JsonInclude(JsonInclude.Include.NON_NULL) List<FoundServer> found) {
    }

    /** A model server answering on this machine: its kind, its OpenAI-compatible base URL, its first 20 models. */
    public record FoundServer(String server, String baseUrl, List<String> models) {
    }

    public record Selection(String path, Integer startLine, Integer endLine, String text) {
    }

    public record Diagnostic(String path, Integer line, String severity, String message, String source) {
    }

    /** @param documents the editor's text of files among {@code paths} that have unsaved changes, used instead of the disk's */
    public record Context(@JsonInclude(JsonInclude.Include.NON_NULL) List<String> paths,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Selection selection,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String search,
                          @JsonInclude(JsonInclude.Include.NON_NULL) List<Diagnostic> diagnostics,
                          @JsonInclude(JsonInclude.Include.NON_NULL) List<Document> documents) {
        /** No context at all. */
        public static final Context NONE = new Context(null, null, null, null, null);

        /**
         * What a conversation keeps of it: all but the unsaved text of files (the editor has it,
         * and asked again the question takes the editor's text then).
         */
        public Context kept() {
            return new Context(paths, selection, search, diagnostics, null);
        }
    }

    /** A file's text as the editor shows it. */
    public record Document(String path, String text) {
    }

    /** {@code tier}: as in {@link ChatParams}. */
    public record RouteParams(String message, String task, Context context, String tier) {
    }

    public record RouteResult(String tier, String deployment, String model, List<String> reasons, boolean fallback) {
    }

    /**
     * {@code tier}: {@code small}, {@code medium} or {@code large} to answer with that tier (the
     * user picked it), {@code auto} or none to route as the task and the prompt say.
     */
    /** {@code retryOf}: the request whose unfinished answer this one asks again in place of (null: none). */
    public record ChatParams(String conversationId, String message, String task, Context context, String tier, String retryOf) {
    }

    public record Started(String conversationId, String requestId) {
    }

    /**
     * {@code escalateFrom}: an earlier {@code ai/edit} of the same file whose saved result made the
     * language servers report new problems ({@code problems}, as the editor shows them); the edit
     * is asked again one tier above that one's.
     */
    public record EditParams(String path, Selection selection, String instruction, String task, String escalateFrom,
                             List<String> problems) {
    }

    public record ApplyEditParams(String requestId, String path, String newText, String expectedVersion, String baseText) {
    }

    public record Applied(String version) {
    }

    public record RequestRef(String requestId) {
    }

    /**
     * An inline completion at the editor's cursor: {@code prefix} the code before it, {@code suffix}
     * (or null) the code after it; each is cut to the lines nearest the cursor.
     */
    public record CompleteParams(String prefix, String suffix) {
    }

    /**
     * {@code step} and {@code index}: the call's, as its {@code ai/toolCall} gave them; without
     * them the request's one call waiting with {@code callId} is meant.
     */
    public record Approval(String requestId, String callId, boolean approved, Integer step, Integer index) {
    }

    public record ConversationRef(String conversationId) {
    }

    public record ConversationSummary(String id, String title, String updated) {
    }

    public record Conversations(List<ConversationSummary> conversations) {
    }

    /**
     * {@code ai/conversationChanged}: {@code change} is {@link #UPDATED} (stored: a new conversation
     * or a turn added, with its {@code title} and {@code updated} as {@code ai/conversations} lists
     * them) or {@link #DELETED} (without them).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ConversationChanged(String conversationId, String change, String title, String updated) {
        public static final String UPDATED = "updated";
        public static final String DELETED = "deleted";

        static ConversationChanged updated(ConversationSummary s) {
            return new ConversationChanged(s.id(), UPDATED, s.title(), s.updated());
        }

        static ConversationChanged deleted(String conversationId) {
            return new ConversationChanged(conversationId, DELETED, null, null);
        }
    }

    public record Usage(int promptTokens, int completionTokens) {
    }

    public record Fallback(String deployment, String reason) {
    }

    public record Route(String tier, String deployment, String model, List<String> reasons, List<Fallback> fallbacks) {
    }

    /**
     * {@code steps}: an answer's tool steps, each where it happened in {@code text} (absent for
     * none, and in answers stored before steps were kept); {@code requestId}: the request that
     * gave the answer, under which a proposal of its steps is written after a review;
     * {@code notices}: the notices shown with the answer, in order, each where it was shown
     * (absent for none, and in answers stored before notices were kept); {@code thinking}: the
     * model's thinking shown beside the answer, its first characters (absent for none, and in
     * answers stored before it was kept); {@code task}: the task a question was asked with (absent
     * for free chat); {@code ended}: how an answer that did not complete ended ({@code stopped},
     * {@code failed}, {@code interrupted}), {@code errorCode} a failed one's error code (both
     * absent for a complete answer; the code also in answers failed before it was kept);
     * {@code context}: what a question was asked with (files, selection, search, problems; not
     * the unsaved text of files), so that it can be asked again the same way ({@code {}} for
     * none; absent in questions stored before it was kept).
     */
    public record StoredMessage(String role, String text, Route route, Usage usage,
                                @JsonInclude(JsonInclude.Include.NON_NULL) List<StoredStep> steps,
                                @JsonInclude(JsonInclude.Include.NON_NULL) String requestId,
                                @JsonInclude(JsonInclude.Include.NON_NULL) List<StoredNotice> notices,
                                @JsonInclude(JsonInclude.Include.NON_NULL) String thinking,
                                @JsonInclude(JsonInclude.Include.NON_NULL) String task,
                                @JsonInclude(JsonInclude.Include.NON_NULL) String ended,
                                @JsonInclude(JsonInclude.Include.NON_NULL) Integer errorCode,
                                @JsonInclude(JsonInclude.Include.NON_NULL) Context context) {
        public StoredMessage(String role, String text, Route route, Usage usage) {
            this(role, text, route, usage, null, null, null, null, null, null, null, null);
        }
    }

    public record Conversation(String id, String title, List<StoredMessage> messages) {
    }

    public record Delta(String requestId, String text) {
    }

    public record Notice(String requestId, String kind, String message, Integer discardedChars) {
    }

    /** More of the model's thinking, shown beside its answer, never part of it ({@code ai/thinking}). */
    public record Thinking(String requestId, String text) {
    }

    /**
     * {@code step}: the agent step the call was made in, from 1; {@code index}: its place among
     * that step's calls, from 0. Together they name the call: a model may repeat ids.
     * {@code edit}: for a done propose_edit of an existing file, the file as read and the
     * proposal with its secrets back.
     */
    public record ToolStep(String requestId, String callId, String name, String arguments, boolean requiresApproval,
                           String state, String result, int step, int index, Edit edit) {
        /** A step with no edit to review. */
        public ToolStep(String requestId, String callId, String name, String arguments, boolean requiresApproval,
                        String state, String result, int step, int index) {
            this(requestId, callId, name, arguments, requiresApproval, state, result, step, index, null);
        }
    }

    public record Edit(String path, String oldText, String newText) {
    }

    /** A kept {@code propose_edit}'s arguments: its file and the content as the model wrote it. */
    public record ProposedEditParams(String path, String content) {
    }

    /**
     * @param retryAfterSeconds when asking again may be answered (a rate limit's next slot), in whole seconds; sent only
     *     with an {@code ai/complete}'s refusal that knows it, null otherwise
     */
    public record Error(int code, String message, @JsonInclude(JsonInclude.Include.NON_NULL) Long retryAfterSeconds) {
        public Error(int code, String message) {
            this(code, message, null);
        }
    }

    public record Done(String requestId, String conversationId, Route route, Usage usage, List<Edit> edits, Error error) {
    }
}
