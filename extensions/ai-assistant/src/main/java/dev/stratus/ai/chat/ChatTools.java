package dev.stratus.ai.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.ai.model.ToolCall;
import dev.stratus.ai.model.ToolSpec;
import dev.stratus.ai.router.Task;
import dev.stratus.extension.api.AiTools;
import dev.stratus.extension.api.Caller;
import dev.stratus.extension.api.ExtensionException;
import dev.stratus.extension.api.RpcSession;
import dev.stratus.extension.api.WorkspaceDiagnostics;
import dev.stratus.extension.api.WorkspaceFiles;
import dev.stratus.extension.api.WorkspaceSearch;
import dev.stratus.extension.api.WorkspaceTerminals;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * The tools a chat offers its model: its own (read and list files, search, the language servers'
 * diagnostics, propose an edit for the user to review, run a command after the user approves
 * it) plus every tool other extensions registered. Each step is shown to the user
 * ({@code ai/toolCall}); a tool that needs approval waits for {@code ai/approveTool} (at most
 * five minutes, then counts as denied). A call the answer's model made already is not run again
 * ({@link RepeatedCalls}).
 */
final class ChatTools {
    private static final int MAX_RESULT_CHARS = 20_000;
    /** How far past a cut {@link #lastChars} looks for the start of a line. */
    private static final int LINE_SEARCH_CHARS = 2_000;
    private static final Duration APPROVAL_WAIT = Duration.ofMinutes(5);
    static final String PROPOSE_EDIT = ProposeEditTool.NAME;
    static final String RUN_COMMAND = "run_command";
    private static final List<ToolSpec> OWN = List.of(
            new ToolSpec("read_file", "Read a text file of the workspace.",
                    "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\",\"description\":\"workspace-relative path\"}},\"required\":[\"path\"]}"),
            new ToolSpec("list_files", "List a folder of the workspace.",
                    "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\",\"description\":\"workspace-relative folder, empty for the root\"}}}"),
            new ToolSpec("search", "Search the workspace's files for text (like ripgrep); returns path:line: text lines.",
                    "{\"type\":\"object\",\"properties\":{\"query\":{\"type\":\"string\"},\"regex\":{\"type\":\"boolean\"}},\"required\":[\"query\"]}"),
            new ToolSpec("diagnostics", "The problems (errors, warnings) the language servers report for a file, or for every file they have looked at.",
                    "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\",\"description\":\"workspace-relative file; omit for all files\"}}}"),
            new ToolSpec(PROPOSE_EDIT, "Propose the complete new content of a file, or of a new file. The user reviews it (a diff for an existing file) and decides; nothing is written until they do.",
                    "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\",\"description\":\"workspace-relative file\"},"
                            + "\"content\":{\"type\":\"string\",\"description\":\"the file's complete new content\"},"
                            + "\"summary\":{\"type\":\"string\",\"description\":\"what the change does, in one sentence\"}},\"required\":[\"path\",\"content\"]}"),
            new ToolSpec(RUN_COMMAND, "Run a shell command in the workspace (for example a build or the tests) and get its exit code and output (its end when it is long). "
                    + "The user must approve each command first.",
                    "{\"type\":\"object\",\"properties\":{\"command\":{\"type\":\"string\"},"
                            + "\"cwd\":{\"type\":\"string\",\"description\":\"workspace-relative folder, empty for the root\"}},\"required\":[\"command\"]}"));
    /** How long {@code run_command} lets a command run. */
    static final Duration COMMAND_TIME = Duration.ofMinutes(2);

    private final RpcSession session;
    private final AiTools registry;
    private final AiClient client;
    private final Map<String, Pending> approvals = new ConcurrentHashMap<>();
    /** Each running answer's calls, by request. */
    private final Map<String, RepeatedCalls> made = new ConcurrentHashMap<>();
    /** Whether a deployment may call tools now (tools: false everywhere means none would take the request). */
    private final BooleanSupplier offered;
    private final ProposeEditTool proposeEdit;

    /** @param redact a text as a model is given it (the engine's redaction), for what a proposed edit must give back */
    ChatTools(RpcSession session, AiTools registry, AiClient client, boolean anyDeploymentMayCallTools, UnaryOperator<String> redact) {
        this(session, registry, client, () -> anyDeploymentMayCallTools, redact);
    }

    ChatTools(RpcSession session, AiTools registry, AiClient client, BooleanSupplier anyDeploymentMayCallTools, UnaryOperator<String> redact) {
        this.session = session;
        this.registry = registry;
        this.client = client;
        this.offered = anyDeploymentMayCallTools;
        this.proposeEdit = new ProposeEditTool(session, redact);
    }

    /** Tools for a task: free-form chat and the larger tasks get them; quick actions do not. */
    List<ToolSpec> specs(Task task) {
        if (!offered.getAsBoolean() || task != Task.CHAT && task != Task.DESIGN && task != Task.REFACTOR_MULTI_FILE) {
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

    /**
     * Runs the model's calls of agent step {@code step} (1-based) in order; each result (or error)
     * goes back to the model. Each call is named in its {@code ai/toolCall} notifications by the
     * step and its index in it: models number their ids per answer (llama.cpp, some Ollama
     * versions) or repeat them within one, so the id alone names no call for sure. A stopped
     * request (its thread interrupted) ends here: the call under way is shown as stopped, later
     * ones are not run, and the interrupt is left for the engine to end the request.
     */
    List<String> run(String requestId, int step, Caller caller, List<ToolCall> calls) {
        return run(requestId, step, caller, calls, s -> { });
    }

    /** As {@link #run(String, int, Caller, List)}; {@code seen} gets every step notification too. */
    List<String> run(String requestId, int step, Caller caller, List<ToolCall> calls, Consumer<AiProtocol.ToolStep> seen) {
        List<String> out = new ArrayList<>();
        for (int index = 0; index < calls.size(); index++) {
            if (Thread.currentThread().isInterrupted()) {
                return out;
            }
            ToolCall call = calls.get(index);
            Slot slot = new Slot(requestId, step, index, call.id());
            boolean approval = needsApproval(call.name());
            RepeatedCalls answer = made.computeIfAbsent(requestId, r -> new RepeatedCalls());
            String repeat = answer.repeat(call);
            if (repeat != null) {
                step(slot, call, approval, RepeatedCalls.REPEATED, repeat, seen);
                out.add(repeat);
                continue;
            }
            if (approval) {
                // Registered before the browser hears of the call, so an immediate answer finds it.
                approvals.put(slot.key(), new Pending(call.id(), new CompletableFuture<>()));
            }
            step(slot, call, approval, approval ? "pending" : "running", null, seen);
            if (approval && !approved(slot)) {
                if (Thread.currentThread().isInterrupted()) {
                    step(slot, call, true, StoredStep.STOPPED, null, seen);
                    return out;
                }
                step(slot, call, true, "denied", null, seen);
                answer.ran(call, step, "denied", null);
                out.add("The user denied this call.");
                continue;
            }
            if (approval) {
                step(slot, call, true, "running", null, seen);
            }
            try {
                // A command's result is already cut to fit, keeping the end (see runCommand).
                ProposeEditTool.Proposal done = execute(requestId, caller, call);
                String result = truncate(done.result());
                step(slot, call, approval, "done", result, done.edit(), seen);
                answer.ran(call, step, "done", result);
                out.add(result);
            } catch (ExtensionException e) {
                if (Thread.currentThread().isInterrupted()) {
                    step(slot, call, approval, StoredStep.STOPPED, null, seen);
                    return out;
                }
                step(slot, call, approval, "failed", e.getMessage(), seen);
                answer.ran(call, step, "failed", e.getMessage());
                out.add("Error: " + e.getMessage());
            }
        }
        return out;
    }

    /** One call of a request: its agent step, its index in that step, and the id the model gave it. */
    private record Slot(String requestId, int step, int index, String callId) {
        String key() {
            return requestId + "/" + step + "/" + index;
        }
    }

    /** A call waiting for the user, with the id the model gave it. */
    private record Pending(String callId, CompletableFuture<Boolean> decision) {
    }

    private boolean needsApproval(String name) {
        if (name.equals(RUN_COMMAND)) {
            return true;
        }
        return registry.list().stream().anyMatch(d -> d.name().equals(name) && d.requiresApproval())
                && OWN.stream().noneMatch(t -> t.name().equals(name));
    }

    private boolean approved(Slot slot) {
        CompletableFuture<Boolean> decision = approvals.get(slot.key()).decision();
        try {
            return decision.get(APPROVAL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } finally {
            approvals.remove(slot.key());
        }
    }

    /**
     * The user's answer to a pending call; false when none waits with that id (at that
     * {@code step} and {@code index}, when given), or it was answered already. Without a step, the
     * one call of the request that waits with that id is meant: calls wait one at a time.
     */
    boolean decide(String requestId, String callId, Integer step, Integer index, boolean approved) {
        if (step == null || index == null) {
            String prefix = requestId + "/";
            return approvals.entrySet().stream()
                    .filter(e -> e.getKey().startsWith(prefix) && e.getValue().callId().equals(callId))
                    .findFirst().map(e -> e.getValue().decision().complete(approved)).orElse(false);
        }
        Pending p = approvals.get(new Slot(requestId, step, index, callId).key());
        return p != null && p.callId().equals(callId) && p.decision().complete(approved);
    }

    void forget(String requestId) {
        approvals.keySet().removeIf(k -> k.startsWith(requestId + "/"));
        made.remove(requestId);
        proposeEdit.forget(requestId);
    }

    /** A kept proposal's edit of the file as it is now ({@link ProposeEditTool#again}). */
    AiProtocol.Edit proposedEdit(String path, String content) {
        return proposeEdit.again(path, content);
    }

    /** The names of the tools a model may call: the assistant's own, then the other extensions'. */
    private List<String> names() {
        List<String> names = new ArrayList<>(OWN.stream().map(ToolSpec::name).toList());
        registry.list().stream().map(AiTools.Descriptor::name).filter(n -> !names.contains(n)).forEach(names::add);
        return names;
    }

    /** The tool's result for the model; a proposed edit also carries what the user reviews. */
    private ProposeEditTool.Proposal execute(String requestId, Caller caller, ToolCall call) {
        List<String> names = names();
        if (!names.contains(call.name())) {
            String name = call.name().length() <= 80 ? call.name() : call.name().substring(0, 80) + "…";
            throw new ExtensionException(ExtensionException.Reason.NOT_FOUND, "No tool named " + name
                    + ". The tools you may call: " + String.join(", ", names) + ".");
        }
        JsonNode args = ToolArguments.parse(call.argumentsJson());
        if (call.name().equals(PROPOSE_EDIT)) {
            return proposeEdit.propose(requestId, args);
        }
        return new ProposeEditTool.Proposal(execute(requestId, caller, call, args), null);
    }

    private String execute(String requestId, Caller caller, ToolCall call, JsonNode args) {
        switch (call.name()) {
            case "read_file" -> {
                String path = args.path("path").asText("");
                if (path.isBlank()) {
                    throw new ExtensionException(ExtensionException.Reason.INVALID_PARAMS,
                            "read_file needs a path: a file, relative to the workspace's root");
                }
                String text = session.workspace().files().read(path);
                proposeEdit.read(requestId, path, text);
                // NUL bytes mean a binary file: its bytes as text would only fill the model's context.
                return text.indexOf('\0') >= 0 ? path + " is a binary file; its content is not shown" : text;
            }
            case "list_files" -> {
                StringBuilder sb = new StringBuilder();
                for (WorkspaceFiles.FileEntry e : session.workspace().files().list(args.path("path").asText(""))) {
                    sb.append(e.path()).append(e.directory() ? "/" : "").append('\n');
                }
                return sb.toString();
            }
            case "search" -> {
                String query = args.path("query").asText("");
                if (query.isEmpty()) {
                    throw new ExtensionException(ExtensionException.Reason.INVALID_PARAMS, "search needs a query: the text to look for");
                }
                var q = new WorkspaceSearch.Query(query, args.path("regex").asBoolean(false), false, false,
                        List.of(), List.of(), 200);
                StringBuilder sb = new StringBuilder();
                for (WorkspaceSearch.Match m : session.workspace().search().text(q).matches()) {
                    sb.append(m.path()).append(':').append(m.line()).append(": ").append(m.preview().strip()).append('\n');
                }
                return sb.isEmpty() ? "No matches." : sb.toString();
            }
            case "diagnostics" -> {
                return diagnostics(args.hasNonNull("path") && !args.get("path").asText().isBlank() ? args.get("path").asText() : null);
            }
            case RUN_COMMAND -> {
                return runCommand(args);
            }
            default -> {
                return registry.call(caller, call.name(), call.argumentsJson());
            }
        }
    }

    /** One line per problem: {@code path:line:column: severity: message [source code]}. */
    private String diagnostics(String path) {
        StringBuilder sb = new StringBuilder();
        for (WorkspaceDiagnostics.Diagnostic d : session.workspace().diagnostics().list(path)) {
            sb.append(d.path()).append(':').append(d.line()).append(':').append(d.column()).append(": ").append(d.severity())
                    .append(": ").append(d.message());
            String origin = java.util.stream.Stream.of(d.source(), d.code()).filter(java.util.Objects::nonNull)
                    .collect(java.util.stream.Collectors.joining(" "));
            if (!origin.isEmpty()) {
                sb.append(" [").append(origin).append(']');
            }
            sb.append('\n');
        }
        return sb.isEmpty() ? "No problems reported" + (path == null ? "" : " for " + path)
                + " (language servers report on the files open in the editor)." : sb.toString();
    }

    /** Runs an approved command through the host; its exit code and output go back to the model. */
    private String runCommand(JsonNode args) {
        String command = args.path("command").asText("");
        if (command.isBlank()) {
            throw new ExtensionException(ExtensionException.Reason.INVALID_PARAMS, "run_command needs a command");
        }
        WorkspaceTerminals.CommandResult r = session.workspace().terminals().run(command, args.path("cwd").asText(""), COMMAND_TIME);
        String head = r.timedOut() ? "Stopped after " + COMMAND_TIME.toMinutes() + " minutes (exit code " + r.exitCode() + ")"
                : "Exit code " + r.exitCode();
        String output = r.output();
        boolean cut = r.truncated() || head.length() + 1 + output.length() > MAX_RESULT_CHARS;
        if (!cut) {
            return head + "\n" + output;
        }
        head += "; only the end of the output is shown\n";
        // Builds and tests report their failures last, so the end is what the model needs; the
        // room kept for the marker fits any count the host's output limit allows.
        String end = lastChars(output, MAX_RESULT_CHARS - head.length() - 64);
        long leftOut = output.length() - end.length();
        String marker = leftOut == 0 ? "[earlier output left out]\n"
                : "[" + (r.truncated() ? "more than " : "") + leftOut + " earlier characters left out]\n";
        return head + marker + end;
    }

    /**
     * At most {@code max} characters from the end of {@code s}, from the start of a line when one
     * starts near the cut (half a line misleads more than it tells); a long last line is cut
     * where it is, never inside a character.
     */
    static String lastChars(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int from = s.length() - max;
        int line = s.indexOf('\n', from - 1);
        if (line >= 0 && line < s.length() - 1 && line + 1 - from <= LINE_SEARCH_CHARS) {
            return s.substring(line + 1);
        }
        return s.substring(Character.isLowSurrogate(s.charAt(from)) ? from + 1 : from);
    }

    private void step(Slot slot, ToolCall call, boolean approval, String state, String result, Consumer<AiProtocol.ToolStep> seen) {
        step(slot, call, approval, state, result, null, seen);
    }

    private void step(Slot slot, ToolCall call, boolean approval, String state, String result, AiProtocol.Edit edit,
                      Consumer<AiProtocol.ToolStep> seen) {
        AiProtocol.ToolStep s = new AiProtocol.ToolStep(slot.requestId(), call.id(), call.name(), call.argumentsJson(), approval, state,
                result == null ? null : truncate(result), slot.step(), slot.index(), edit);
        client.toolCall(s);
        seen.accept(s);
    }

    /** Keeps the beginning: right for files, listings and search results, which are read top down. */
    private static String truncate(String s) {
        return s.length() <= MAX_RESULT_CHARS ? s : s.substring(0, MAX_RESULT_CHARS) + "\n[cut at " + MAX_RESULT_CHARS + " characters]";
    }
}
