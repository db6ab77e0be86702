package dev.stratus.server.extension;

import dev.stratus.extension.api.Caller;
import dev.stratus.extension.api.ExtensionException;
import dev.stratus.extension.api.Permission;
import dev.stratus.extension.api.WorkspaceAccess;
import dev.stratus.extension.api.WorkspaceFiles;
import dev.stratus.extension.api.WorkspaceGit;
import dev.stratus.extension.api.WorkspaceSearch;
import dev.stratus.extension.api.WorkspaceDiagnostics;
import dev.stratus.extension.api.WorkspaceTerminals;
import dev.stratus.protocol.Empty;
import dev.stratus.protocol.ProtocolException;
import dev.stratus.protocol.fs.DeleteParams;
import dev.stratus.protocol.fs.Encoding;
import dev.stratus.protocol.fs.FileStat;
import dev.stratus.protocol.fs.FileType;
import dev.stratus.protocol.fs.PathParams;
import dev.stratus.protocol.fs.ReadParams;
import dev.stratus.protocol.fs.WriteParams;
import dev.stratus.protocol.search.SearchTextParams;
import dev.stratus.protocol.terminal.TerminalCreateParams;
import dev.stratus.protocol.terminal.TerminalIdParams;
import dev.stratus.server.workspace.Workspace;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * A workspace for one extension and one user: the browser's own services, behind the
 * extension's declared permissions. Protocol errors reach the extension as {@link
 * ExtensionException}s with the matching reason.
 */
final class HostWorkspaceAccess implements WorkspaceAccess {
    private final WorkspaceServices services;
    private final Set<Permission> granted;
    private final Workspace workspace;
    private final String userId;

    private HostWorkspaceAccess(WorkspaceServices services, Set<Permission> granted, Workspace workspace, String userId) {
        this.services = services;
        this.granted = granted;
        this.workspace = workspace;
        this.userId = userId;
    }

    static WorkspaceAccess open(WorkspaceServices services, Set<Permission> granted, Caller caller, String workspaceId) {
        Workspace ws = services.workspaceFor(caller.userId(), workspaceId).orElseThrow(() ->
                new ExtensionException(ExtensionException.Reason.NOT_FOUND, "No workspace " + workspaceId));
        return new HostWorkspaceAccess(services, granted, ws, caller.userId());
    }

    private void require(Permission p) {
        if (!granted.contains(p)) {
            throw new ExtensionException(ExtensionException.Reason.PERMISSION_DENIED,
                    "The extension did not declare the \"" + p.id() + "\" permission");
        }
    }

    private static <T> T await(Supplier<CompletableFuture<T>> call) {
        try {
            return call.get().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExtensionException(ExtensionException.Reason.UNAVAILABLE, "Interrupted");
        } catch (ExecutionException | CompletionException e) {
            throw translate(e.getCause());
        } catch (ProtocolException e) {
            throw translate(e);
        }
    }

    private static RuntimeException translate(Throwable t) {
        if (t instanceof ProtocolException p) {
            ExtensionException.Reason reason = switch (p.reason()) {
                case NOT_FOUND, NOT_A_DIRECTORY, IS_A_DIRECTORY -> ExtensionException.Reason.NOT_FOUND;
                case ALREADY_EXISTS -> ExtensionException.Reason.ALREADY_EXISTS;
                case CONFLICT -> ExtensionException.Reason.CONFLICT;
                case PERMISSION_DENIED -> ExtensionException.Reason.PERMISSION_DENIED;
                case OUTSIDE_WORKSPACE, INVALID_PARAMS, TOO_LARGE -> ExtensionException.Reason.INVALID_PARAMS;
                case UNAVAILABLE, RATE_LIMITED, CANCELLED -> ExtensionException.Reason.UNAVAILABLE;
            };
            return new ExtensionException(reason, p.getMessage());
        }
        return t instanceof RuntimeException r ? r : new IllegalStateException(t);
    }

    @Override
    public String id() {
        return workspace.id();
    }

    @Override
    public WorkspaceFiles files() {
        return new WorkspaceFiles() {
            @Override
            public String read(String path) {
                require(Permission.FILES_READ);
                return await(() -> services.files(workspace).read(new ReadParams(path, Encoding.UTF8))).content();
            }

            @Override
            public void write(String path, String content) {
                require(Permission.FILES_WRITE);
                parentOf(path);
                await(() -> services.files(workspace).write(new WriteParams(path, content, Encoding.UTF8, null, true, true)));
            }

            @Override
            public void create(String path, String content) {
                require(Permission.FILES_WRITE);
                parentOf(path);
                await(() -> services.files(workspace).write(new WriteParams(path, content, Encoding.UTF8, null, true, false)));
            }

            /** Creates the folders {@code path} needs (fs/mkdir makes missing parents; one that exists is fine). */
            private void parentOf(String path) {
                int slash = path == null ? -1 : path.lastIndexOf('/');
                if (slash <= 0) {
                    return;
                }
                try {
                    await(() -> services.files(workspace).mkdir(new PathParams(path.substring(0, slash))));
                } catch (ExtensionException e) {
                    if (e.reason() != ExtensionException.Reason.ALREADY_EXISTS) {
                        throw e;
                    }
                }
            }

            @Override
            public void delete(String path) {
                require(Permission.FILES_WRITE);
                await(() -> services.files(workspace).delete(new DeleteParams(path, false)));
            }

            @Override
            public List<FileEntry> list(String path) {
                require(Permission.FILES_READ);
                return await(() -> services.files(workspace).list(new PathParams(path))).entries().stream()
                        .map(HostWorkspaceAccess::entry).toList();
            }

            @Override
            public FileEntry stat(String path) {
                require(Permission.FILES_READ);
                return entry(await(() -> services.files(workspace).stat(new PathParams(path))));
            }
        };
    }

    private static WorkspaceFiles.FileEntry entry(FileStat s) {
        boolean dir = s.type() == FileType.DIRECTORY || s.type() == FileType.SYMLINK && s.targetType() == FileType.DIRECTORY;
        return new WorkspaceFiles.FileEntry(s.path(), dir, s.size(), s.mtime(), s.version());
    }

    @Override
    public WorkspaceSearch search() {
        return query -> {
            require(Permission.SEARCH);
            var r = await(() -> services.search(workspace).text(new SearchTextParams(query.query(), query.regex(),
                    query.caseSensitive(), query.wholeWord(), query.include(), query.exclude(), query.maxResults())));
            return new WorkspaceSearch.Result(r.matches().stream().map(m -> new WorkspaceSearch.Match(m.path(), m.line(),
                    m.column(), m.length(), m.preview())).toList(), r.truncated());
        };
    }

    @Override
    public WorkspaceGit git() {
        return () -> {
            require(Permission.GIT);
            var s = await(() -> services.git(workspace, userId).status(new Empty()));
            if (!s.repository()) {
                throw new ExtensionException(ExtensionException.Reason.NOT_FOUND, "Workspace " + workspace.id() + " is not a git repository");
            }
            return new WorkspaceGit.Status(s.branch() != null ? s.branch() : s.head(), s.files().stream()
                    .map(f -> new WorkspaceGit.FileStatus(f.path(), state(f.index()), state(f.worktree()))).toList());
        };
    }

    private static String state(Enum<?> e) {
        return e == null ? "unmodified" : e.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public WorkspaceTerminals terminals() {
        return new WorkspaceTerminals() {
            @Override
            public String create(String cwd, String shell) {
                require(Permission.TERMINAL);
                return await(() -> services.terminals(workspace).create(new TerminalCreateParams(120, 30, cwd, shell))).terminalId();
            }

            @Override
            public CommandResult run(String command, String cwd, java.time.Duration timeout) {
                require(Permission.TERMINAL);
                try {
                    var r = services.runCommand(workspace, command, cwd, timeout);
                    return new CommandResult(r.exitCode(), r.output(), r.truncated(), r.timedOut());
                } catch (ProtocolException e) {
                    throw translate(e);
                }
            }

            @Override
            public void write(String terminalId, String text) {
                require(Permission.TERMINAL);
                try {
                    services.typeInto(workspace, terminalId, text);
                } catch (ProtocolException e) {
                    throw translate(e);
                }
            }

            @Override
            public void close(String terminalId) {
                require(Permission.TERMINAL);
                await(() -> services.terminals(workspace).close(new TerminalIdParams(terminalId)));
            }

            @Override
            public List<String> list() {
                require(Permission.TERMINAL);
                return await(() -> services.terminals(workspace).list(new Empty())).terminals().stream()
                        .map(t -> t.terminalId()).toList();
            }
        };
    }

    @Override
    public WorkspaceDiagnostics diagnostics() {
        return path -> {
            require(Permission.FILES_READ);
            String file = null;
            if (path != null) {
                try {
                    file = new dev.stratus.server.fs.PathGuard(workspace.root()).resolve(path).relative();
                } catch (ProtocolException e) {
                    throw translate(e);
                }
            }
            return services.diagnostics(workspace, file).stream().map(p -> new WorkspaceDiagnostics.Diagnostic(p.path(), p.line(),
                    p.column(), p.endLine(), p.endColumn(), p.severity(), p.message(), p.source(), p.code())).toList();
        };
    }
}
