package dev.stratus.ai.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratus.ai.model.ToolCall;
import dev.stratus.ai.model.ToolSpec;
import dev.stratus.ai.router.Task;
import dev.stratus.extension.api.AiTools;
import dev.stratus.extension.api.Caller;
import dev.stratus.extension.api.ExtensionException;
import dev.stratus.extension.api.RpcSession;
import dev.stratus.extension.api.WorkspaceFiles;
import dev.stratus.extension.api.WorkspaceSearch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The tools a chat offers its model: reading and listing files and searching the workspace (its
 * own, read-only), plus every tool other extensions registered. Each step is shown to the user
 * ({@code ai/toolCall}); a tool that needs approval waits for {@code ai/approveTool} (at most
 * five minutes, then counts as denied).
 */
final class ChatTools {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_RESULT_CHARS = 20_000;
    private static final Duration APPROVAL_WAIT = Duration.ofMinutes(5);
    private static final List<ToolSpec> OWN = List.of(
            new ToolSpec("read_file", "Read a text file of the workspace.",
                    "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\",\"description\":\"workspace-relative path\"}},\"required\":[\"path\"]}"),
            new ToolSpec("list_files", "List a folder of the workspace.",
                    "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\",\"description\":\"workspace-relative folder, empty for the root\"}}}"),
            new ToolSpec("search", "Search the workspace's files for text (like ripgrep); returns path:line: text lines.",
                    "{\"type\":\"object\",\"properties\":{\"query\":{\"type\":\"string\"},\"regex\":{\"type\":\"boolean\"}},\"required\":[\"query\"]}"));

    private final RpcSession session;
    private final AiTools registry;
    private final AiClient client;
    private final Map<String, CompletableFuture<Boolean>> approvals = new ConcurrentHashMap<>();
    private final boolean offered;

    ChatTools(RpcSession session, AiTools registry, AiClient client, boolean anyDeploymentMayCallTools) {
        this.session = session;
        this.registry = registry;
        this.client = client;
        this.offered = anyDeploymentMayCallTools;
    }

    /** Tools for a task: free-form chat and the larger tasks get them; quick actions do not. */
    List<ToolSpec> specs(Task task) {
        if (!offered || task != Task.CHAT && task != Task.DESIGN && task != Task.REFACTOR_MULTI_FILE) {
            return List.of();
        }
        List<ToolSpec> all = new ArrayList<>(OWN);
        for (AiTools.Descriptor d : registry.list()) {
            if (OWN.stream().noneMatch(t -> t.name().equals(d.name()))) {
                all.add(new ToolSpec(d.name(), d.description(), d.parametersSchema()));
            }
        }
        return all;
    }

    /** Runs the model's calls in order; each result (or error) goes back to the model. */
    List<String> run(String requestId, Caller caller, List<ToolCall> calls) {
        List<String> out = new ArrayList<>();
        for (ToolCall call : calls) {
            boolean approval = needsApproval(call.name());
            if (approval) {
                // Registered before the browser hears of the call, so an immediate answer finds it.
                approvals.put(requestId + "/" + call.id(), new CompletableFuture<>());
            }
            step(requestId, call, approval, approval ? "pending" : "running", null);
            if (approval && !approved(requestId, call.id())) {
                step(requestId, call, true, "denied", null);
                out.add("The user denied this call.");
                continue;
            }
            if (approval) {
                step(requestId, call, true, "running", null);
            }
            try {
                String result = truncate(execute(caller, call));
                step(requestId, call, approval, "done", result);
                out.add(result);
            } catch (ExtensionException e) {
                step(requestId, call, approval, "failed", e.getMessage());
                out.add("Error: " + e.getMessage());
            }
        }
        return out;
    }

    private boolean needsApproval(String name) {
        return registry.list().stream().anyMatch(d -> d.name().equals(name) && d.requiresApproval())
                && OWN.stream().noneMatch(t -> t.name().equals(name));
    }

    private boolean approved(String requestId, String callId) {
        CompletableFuture<Boolean> decision = approvals.computeIfAbsent(requestId + "/" + callId, k -> new CompletableFuture<>());
        try {
            return decision.get(APPROVAL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } finally {
            approvals.remove(requestId + "/" + callId);
        }
    }

    /** The user's answer to a pending call; false when none waits with that id. */
    boolean decide(String requestId, String callId, boolean approved) {
        CompletableFuture<Boolean> f = approvals.get(requestId + "/" + callId);
        return f != null && f.complete(approved);
    }

    void forget(String requestId) {
        approvals.keySet().removeIf(k -> k.startsWith(requestId + "/"));
    }

    private String execute(Caller caller, ToolCall call) {
        JsonNode args;
        try {
            args = JSON.readTree(call.argumentsJson() == null || call.argumentsJson().isBlank() ? "{}" : call.argumentsJson());
        } catch (Exception e) {
            throw new ExtensionException(ExtensionException.Reason.INVALID_PARAMS, "The arguments are not JSON");
        }
        switch (call.name()) {
            case "read_file" -> {
                return session.workspace().files().read(args.path("path").asText(""));
            }
            case "list_files" -> {
                StringBuilder sb = new StringBuilder();
                for (WorkspaceFiles.FileEntry e : session.workspace().files().list(args.path("path").asText(""))) {
                    sb.append(e.path()).append(e.directory() ? "/" : "").append('\n');
                }
                return sb.toString();
            }
            case "search" -> {
                var q = new WorkspaceSearch.Query(args.path("query").asText(""), args.path("regex").asBoolean(false), false, false,
                        List.of(), List.of(), 200);
                StringBuilder sb = new StringBuilder();
                for (WorkspaceSearch.Match m : session.workspace().search().text(q).matches()) {
                    sb.append(m.path()).append(':').append(m.line()).append(": ").append(m.preview().strip()).append('\n');
                }
                return sb.isEmpty() ? "No matches." : sb.toString();
            }
            default -> {
                return registry.call(caller, call.name(), call.argumentsJson());
            }
        }
    }

    private void step(String requestId, ToolCall call, boolean approval, String state, String result) {
        client.toolCall(new AiProtocol.ToolStep(requestId, call.id(), call.name(), call.argumentsJson(), approval, state,
                result == null ? null : truncate(result)));
    }

    private static String truncate(String s) {
        return s.length() <= MAX_RESULT_CHARS ? s : s.substring(0, MAX_RESULT_CHARS) + "\n[cut at " + MAX_RESULT_CHARS + " characters]";
    }
}
