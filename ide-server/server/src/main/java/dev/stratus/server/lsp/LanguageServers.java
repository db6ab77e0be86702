package dev.stratus.server.lsp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.server.workspace.Workspace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * Every workspace's language servers in this server, created on first use, and the registry that
 * says which server handles a language. Closing it shuts every language-server process down
 * (on server stop), so none outlives the server.
 */
public final class LanguageServers implements AutoCloseable {
    private final Path installDir;
    private final LspConfig config;
    private final Map<String, String> environment;
    private final Map<String, WorkspaceLanguageServers> byWorkspace = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private volatile java.util.function.Supplier<List<dev.stratus.extension.api.LanguageServerDefinition>> contributed =
            List::of;

    /**
     * Language servers from the registry of {@code installDir} (read again for each new socket, so
     * a server registered in its {@code servers.json} needs no restart), run with an allow-listed
     * copy of {@code serverEnv}.
     */
    public LanguageServers(Path installDir, LspConfig config, Map<String, String> serverEnv) {
        this.installDir = installDir;
        this.config = config;
        this.environment = Map.copyOf(LanguageServerEnvironment.build(serverEnv));
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name("lsp-timer").factory());
        t.setRemoveOnCancelPolicy(true);
        this.timer = t;
    }

    public LspConfig config() {
        return config;
    }

    /** Language servers extensions add (through the extension API), asked for each new socket. */
    public void contributions(java.util.function.Supplier<List<dev.stratus.extension.api.LanguageServerDefinition>> source) {
        this.contributed = source;
    }

    /**
     * The registry as it is now, with extensions' servers after the registry's own (an id the
     * registry has already keeps the registry's entry); IllegalArgumentException when the install
     * folder's servers.json is malformed.
     */
    LanguageServerRegistry registry() {
        return LanguageServerRegistry.load(installDir).with(contributed.get().stream().map(d -> new LanguageServerDefinition(
                d.id(), d.name(), d.languages(), d.filePatterns(), d.command(),
                new LanguageServerDefinition.Install(null, null, "Added by an extension"), null, false)).toList());
    }

    /**
     * One problem a language server reported: 1-based lines and columns (UTF-16 code units), the
     * end column after the last character; severity {@code error}, {@code warning},
     * {@code information} or {@code hint}; source and code may be null.
     */
    public record Problem(String path, int line, int column, int endLine, int endColumn, String severity, String message,
                          String source, String code) {
    }

    /**
     * The problems the workspace's running language servers last published, for one
     * workspace-relative file or (null) every file, by path then position. A server that does not
     * answer within a second is left out.
     */
    public List<Problem> diagnostics(Workspace workspace, String path) {
        WorkspaceLanguageServers ws = byWorkspace.get(workspace.id());
        if (ws == null) {
            return List.of();
        }
        List<Problem> out = new ArrayList<>();
        for (SharedLanguageServer server : ws.running()) {
            List<ObjectNode> published;
            try {
                published = server.diagnostics().get(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException | TimeoutException e) {
                continue;
            }
            for (ObjectNode params : published) {
                String file;
                try {
                    file = UriMapper.workspacePath(params.path("uri").asText());
                } catch (IllegalArgumentException e) {
                    continue;
                }
                if (path != null && !path.equals(file)) {
                    continue;
                }
                for (JsonNode d : params.path("diagnostics")) {
                    out.add(problem(file, d));
                }
            }
        }
        out.sort(Comparator.comparing(Problem::path).thenComparingInt(Problem::line).thenComparingInt(Problem::column));
        return out;
    }

    private static Problem problem(String path, JsonNode d) {
        JsonNode start = d.path("range").path("start");
        JsonNode end = d.path("range").path("end");
        String severity = switch (d.path("severity").asInt(1)) {
            case 2 -> "warning";
            case 3 -> "information";
            case 4 -> "hint";
            default -> "error";
        };
        JsonNode code = d.get("code");
        return new Problem(path, start.path("line").asInt() + 1, start.path("character").asInt() + 1,
                end.path("line").asInt() + 1, end.path("character").asInt() + 1, severity, d.path("message").asText(""),
                d.hasNonNull("source") ? d.get("source").asText() : null,
                code == null || code.isNull() ? null : code.asText());
    }

    /** Language-server processes of every workspace (one per workspace and server). */
    public int processCount() {
        return byWorkspace.values().stream().mapToInt(w -> w.running().size()).sum();
    }

    WorkspaceLanguageServers of(Workspace workspace) {
        return byWorkspace.computeIfAbsent(workspace.id(), id -> new WorkspaceLanguageServers(workspace, config, environment, timer));
    }

    @Override
    public void close() {
        byWorkspace.values().parallelStream().forEach(WorkspaceLanguageServers::close);
        timer.shutdownNow();
    }
}
