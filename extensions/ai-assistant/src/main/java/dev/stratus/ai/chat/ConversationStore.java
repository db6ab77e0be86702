package dev.stratus.ai.chat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratus.ai.JsonMappers;
import dev.stratus.ai.chat.AiProtocol.Conversation;
import dev.stratus.ai.chat.AiProtocol.ConversationSummary;
import dev.stratus.ai.chat.AiProtocol.StoredMessage;
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

    public ConversationStore(Path dataDir) {
        this.root = dataDir.resolve("conversations");
    }

    /** The stored form: the conversation and when it last changed. */
    private record Stored(String id, String title, String updated, List<StoredMessage> messages) {
    }

    public String newId() {
        return UUID.randomUUID().toString();
    }

    public synchronized Optional<Conversation> get(String workspaceId, String id) {
        Path f = file(workspaceId, id);
        if (f == null || !Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            Stored s = JSON.readValue(f.toFile(), Stored.class);
            return Optional.of(new Conversation(s.id(), s.title(), s.messages()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends messages (creating the conversation, titled after its first user message). */
    public synchronized void append(String workspaceId, String id, List<StoredMessage> messages) {
        Path f = file(workspaceId, id);
        if (f == null) {
            throw new IllegalArgumentException("Malformed conversation id");
        }
        List<StoredMessage> all = new ArrayList<>(get(workspaceId, id).map(Conversation::messages).orElse(List.of()));
        all.addAll(messages);
        String title = all.stream().filter(m -> m.role().equals("user")).findFirst().map(m -> title(m.text())).orElse("Chat");
        try {
            Files.createDirectories(f.getParent());
            Path tmp = f.resolveSibling("." + f.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), new Stored(id, title, Instant.now().toString(), all));
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
