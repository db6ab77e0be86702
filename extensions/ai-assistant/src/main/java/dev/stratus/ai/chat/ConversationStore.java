package dev.stratus.ai.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratus.ai.JsonMappers;
import dev.stratus.ai.chat.AiProtocol.Conversation;
import dev.stratus.ai.chat.AiProtocol.ConversationSummary;
import dev.stratus.ai.chat.AiProtocol.Route;
import dev.stratus.ai.chat.AiProtocol.StoredMessage;
import dev.stratus.ai.chat.AiProtocol.Usage;
import dev.stratus.ai.model.ChatMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Conversations per workspace, one JSON file each under the extension's data folder
 * ({@code conversations/<workspace>/<id>.json}), written atomically (temporary file, rename).
 */
public final class ConversationStore {
    private static final ObjectMapper JSON = JsonMappers.newMapper();
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private final Path root;
    /**
     * The newest 1,000 deleted conversations ({@code <workspace>/<id>}): an answer still being
     * written into one, on this connection or another, must not write it back. Bounded, as an
     * answer outlives its conversation's deletion by minutes at most.
     */
    private final Set<String> deleted = java.util.Collections.newSetFromMap(new java.util.LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, Boolean> eldest) {
            return size() > 1000;
        }
    });

    public ConversationStore(Path dataDir) {
        this.root = dataDir.resolve("conversations");
    }

    /** The stored form: the conversation and when it last changed. */
    private record Stored(String id, String title, String updated, List<Message> messages) {
    }

    /**
     * A message as stored: {@link StoredMessage}'s fields and, for an answer that did not
     * complete, how it ended ({@link #STOPPED}, {@link #FAILED} or {@link #INTERRUPTED};
     * {@code text} is then what of it the user was shown, {@code error} the failure's message).
     * An answer's {@code text} is that of all its agent steps; {@code steps} are its tool steps,
     * {@code notices} the notices shown with it, {@code requestId} the request that gave it (a
     * proposal is reviewed again under it), {@code thinking} the model's thinking shown beside it
     * (its first {@link #THINKING_CHARS} characters; never sent to a model again). A question's
     * {@code task} is the one it was asked with (null for free chat), so that it can be asked
     * again the same way, with its {@code context} (but the unsaved text of files); a failed
     * answer's {@code errorCode} is its {@code ai/done}'s. Absent
     * fields are not written: files from before they existed read as they did.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Message(String role, String text, Route route, Usage usage, String ended, String error, String requestId,
                          List<StoredStep> steps, List<StoredNotice> notices, String thinking, String task, Integer errorCode,
                          AiProtocol.Context context) {
        /** At most this many characters of an answer's thinking are kept with it. */
        public static final int THINKING_CHARS = 20_000;
        /** The user stopped the answer. */
        public static final String STOPPED = "stopped";
        /** The request failed (every model unavailable, a refusal, an error). */
        public static final String FAILED = "failed";
        /** The page that asked went away (closed, reloaded, its connection lost) while the answer was written. */
        public static final String INTERRUPTED = "interrupted";
        /** What a later turn's model is told after an answer its length limit cut. */
        static final String CUT_BY_LENGTH = "[This answer was cut off by its length limit.]";

        public static Message user(String text) {
            return user(text, null);
        }

        /** A question asked with {@code task} (null for free chat). */
        public static Message user(String text, String task) {
            return new Message("user", text, null, null, null, null, null, null, null, null, task, null, null);
        }

        /**
         * A question asked with {@code task} (null for free chat) and {@code context} (null for
         * none; the unsaved text of files is not kept).
         */
        public static Message user(String text, String task, AiProtocol.Context context) {
            return new Message("user", text, null, null, null, null, null, null, null, null, task, null,
                    context == null ? AiProtocol.Context.NONE : context.kept());
        }

        public static Message answer(String text, Route route, Usage usage) {
            return answer(text, route, usage, null, null, null);
        }

        /** A complete answer with the tool steps it took and the notices shown with it (each null for none). */
        public static Message answer(String text, Route route, Usage usage, String requestId, List<StoredStep> steps,
                                     List<StoredNotice> notices) {
            return new Message("assistant", text, route, usage, null, null, requestId, steps, notices, null, null, null, null);
        }

        /** An answer that did not complete: {@code shown} is what of it the user saw. */
        public static Message unfinished(String shown, String ended, String error) {
            return unfinished(shown, ended, error, null, null, null);
        }

        /**
         * As {@link #unfinished(String, String, String)}, with the tool steps it took and the notices
         * shown with it (each null for none).
         */
        public static Message unfinished(String shown, String ended, String error, String requestId, List<StoredStep> steps,
                                         List<StoredNotice> notices) {
            return new Message("assistant", shown, null, null, ended, error, requestId, steps, notices, null, null, null, null);
        }

        /**
         * This answer with the model's thinking shown beside it (null or empty for none): its first
         * {@link #THINKING_CHARS} characters, then a line saying how much more there was.
         */
        public Message withThinking(String shownThinking) {
            String kept = shownThinking == null || shownThinking.isEmpty() ? null : shownThinking;
            if (kept != null && kept.length() > THINKING_CHARS) {
                int cut = Character.isHighSurrogate(kept.charAt(THINKING_CHARS - 1)) ? THINKING_CHARS - 1 : THINKING_CHARS;
                kept = kept.substring(0, cut) + "\n\n[" + (kept.length() - cut) + " more characters of thinking were not kept.]";
            }
            return new Message(role, text, route, usage, ended, error, requestId, steps, notices, kept, task, errorCode, context);
        }

        /** This failed answer with the error code its {@code ai/done} carried. */
        public Message withErrorCode(int code) {
            return new Message(role, text, route, usage, ended, error, requestId, steps, notices, thinking, task, code, context);
        }

        /** As {@code ai/conversation} gives it: an unfinished answer ends with a line saying so. */
        StoredMessage shown() {
            if (ended == null) {
                return new StoredMessage(role, text, route, usage, steps, requestId, notices, thinking, task, null, null, context);
            }
            String before = text.isEmpty() ? " before any answer was written" : " before the answer was finished";
            String how = switch (ended) {
                case STOPPED -> "*Stopped" + before + ".*";
                case INTERRUPTED -> "*Interrupted" + before + ": the page was closed or reloaded or lost its connection,"
                        + " or the assistant restarted (the server stopped, or its configuration was changed).*";
                default -> "*Failed" + (text.isEmpty() ? "" : before) + (error == null ? ".*" : ": " + error + "*");
            };
            return new StoredMessage(role, text.isEmpty() ? how : text + "\n\n" + how, null, null, steps, requestId, notices, thinking,
                    null, ended, errorCode, null);
        }

        /**
         * As a later turn sends it to the model: the text of all its steps, with a short record
         * of each tool step where it happened. An unfinished answer is sent as what was shown
         * with a note that it was cut off, not left out: the user may refer to that question
         * ("as I asked above"), user and assistant turns keep alternating as some providers
         * require, and the note keeps the model from taking a fragment for its finished answer
         * (and so from building on half a code block as if it were whole). An answer its length
         * limit cut is marked so too, for the same reason; the user saw its {@code length} notice.
         */
        ChatMessage forModel() {
            if (role.equals("user")) {
                return ChatMessage.user(text);
            }
            String said = withSteps();
            if (ended == null) {
                return ChatMessage.assistant(cutByLength() ? said + "\n\n" + CUT_BY_LENGTH : said, List.of());
            }
            String why = switch (ended) {
                case STOPPED -> "the user stopped it";
                case INTERRUPTED -> "the user's page was closed or reloaded, or the assistant restarted";
                default -> "the request failed";
            };
            return ChatMessage.assistant(said.isEmpty() ? "[No answer was given: " + why + " before any was written.]"
                    : said + "\n\n[This answer was cut off here, unfinished: " + why + ".]", List.of());
        }

        private boolean cutByLength() {
            return notices != null && notices.stream().anyMatch(n -> StoredNotice.LENGTH.equals(n.kind()));
        }

        private String withSteps() {
            if (steps == null || steps.isEmpty()) {
                return text;
            }
            StringBuilder sb = new StringBuilder();
            int from = 0;
            for (StoredStep s : steps) {
                int at = Math.clamp(s.at(), from, text.length());
                sb.append(text, from, at).append(s.forModel());
                from = at;
            }
            return sb.append(text, from, text.length()).toString().strip();
        }
    }

    public String newId() {
        return UUID.randomUUID().toString();
    }

    /** The conversation as {@code ai/conversation} gives it. */
    public synchronized Optional<Conversation> get(String workspaceId, String id) {
        return read(workspaceId, id).map(s -> new Conversation(s.id(), s.title(),
                s.messages().stream().map(Message::shown).toList()));
    }

    /** The conversation's messages as stored, oldest first; none for an unknown conversation. */
    public synchronized List<Message> messages(String workspaceId, String id) {
        return read(workspaceId, id).map(Stored::messages).orElse(List.of());
    }

    /**
     * How deep a conversation is, for the router's score: the answers that came whole. A question
     * asked again after a failure, or a stopped answer, makes a conversation no deeper in substance,
     * and counting them would route a user who keeps retrying to ever larger models.
     */
    public static int depth(List<Message> messages) {
        return (int) messages.stream().filter(m -> "assistant".equals(m.role()) && m.ended() == null).count();
    }

    /**
     * {@code messages} less their last exchange when it is the question and the unfinished answer
     * (stopped, failed or interrupted) of request {@code retryOf}: what asking that question again
     * in its place goes on from, as VS Code's chat replaces a response it retries. Unchanged when
     * {@code retryOf} is null, that answer completed, or another exchange came after it: the
     * retry is then a turn of its own.
     */
    public static List<Message> withoutRetried(List<Message> messages, String retryOf) {
        int n = messages.size();
        if (retryOf == null || n < 2) {
            return messages;
        }
        Message answer = messages.get(n - 1);
        boolean retried = answer.role().equals("assistant") && answer.ended() != null && retryOf.equals(answer.requestId())
                && messages.get(n - 2).role().equals("user");
        return retried ? messages.subList(0, n - 2) : messages;
    }

    /** The messages as a later turn sends them to the model. */
    public static List<ChatMessage> forModel(List<Message> messages) {
        return messages.stream().map(Message::forModel).toList();
    }

    private Optional<Stored> read(String workspaceId, String id) {
        Path f = file(workspaceId, id);
        if (f == null || !Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(f.toFile(), Stored.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Appends messages (creating the conversation, titled after its first user message).
     *
     * @return the conversation as {@code ai/conversations} now lists it
     * @throws ConversationDeletedException when the conversation was deleted
     */
    public ConversationSummary append(String workspaceId, String id, List<Message> messages) {
        return append(workspaceId, id, messages, null);
    }

    /**
     * Appends messages as {@link #append(String, String, List)}, in place of the conversation's
     * last exchange when that is {@code retryOf}'s unfinished answer and its question (see
     * {@link #withoutRetried}).
     */
    public synchronized ConversationSummary append(String workspaceId, String id, List<Message> messages, String retryOf) {
        Path f = file(workspaceId, id);
        if (f == null) {
            throw new IllegalArgumentException("Malformed conversation id");
        }
        if (isDeleted(workspaceId, id)) {
            throw new ConversationDeletedException(id);
        }
        List<Message> all = new ArrayList<>(withoutRetried(messages(workspaceId, id), retryOf));
        all.addAll(messages);
        String title = all.stream().filter(m -> m.role().equals("user")).findFirst().map(m -> title(m.text())).orElse("Chat");
        try {
            Files.createDirectories(f.getParent());
            Path tmp = f.resolveSibling("." + f.getFileName() + ".tmp");
            String updated = Instant.now().toString();
            JSON.writeValue(tmp.toFile(), new Stored(id, title, updated, all));
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new ConversationSummary(id, title, updated);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Deletes the conversation, for good: later appends to it are refused.
     *
     * @return false when the workspace has no conversation {@code id}
     */
    public synchronized boolean delete(String workspaceId, String id) {
        Path f = file(workspaceId, id);
        if (f == null || !Files.isRegularFile(f)) {
            return false;
        }
        try {
            Files.delete(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        deleted.add(safe(workspaceId) + "/" + id);
        return true;
    }

    /** Whether the conversation was deleted since this server started. */
    public synchronized boolean isDeleted(String workspaceId, String id) {
        return deleted.contains(safe(workspaceId) + "/" + id);
    }

    /** An append to a conversation that was deleted meanwhile. */
    public static final class ConversationDeletedException extends RuntimeException {
        ConversationDeletedException(String id) {
            super("Conversation " + id + " was deleted");
        }
    }

    /** The workspace's conversations, newest first. */
    public synchronized List<ConversationSummary> list(String workspaceId) {
        Path dir = root.resolve(safe(workspaceId));
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<ConversationSummary> out = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
                try {
                    Stored s = JSON.readValue(f.toFile(), Stored.class);
                    out.add(new ConversationSummary(s.id(), s.title(), s.updated()));
                } catch (IOException e) {
                    // A damaged file is skipped rather than hide every other conversation.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.sort(Comparator.comparing(ConversationSummary::updated).reversed());
        return out;
    }

    private Path file(String workspaceId, String id) {
        return id == null || !ID.matcher(id).matches() ? null : root.resolve(safe(workspaceId)).resolve(id + ".json");
    }

    private static String safe(String workspaceId) {
        return workspaceId.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static String title(String text) {
        String line = text.strip().lines().findFirst().orElse("Chat");
        return line.length() > 60 ? line.substring(0, 57) + "..." : line;
    }
}
