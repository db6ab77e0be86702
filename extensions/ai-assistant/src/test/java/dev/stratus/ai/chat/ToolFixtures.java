package dev.stratus.ai.chat;

import dev.stratus.extension.api.AiTool;
import dev.stratus.extension.api.AiTools;
import dev.stratus.extension.api.Caller;
import dev.stratus.extension.api.ExtensionException;
import dev.stratus.extension.api.Registration;
import dev.stratus.extension.api.RpcSession;
import dev.stratus.extension.api.WorkspaceAccess;
import dev.stratus.extension.api.WorkspaceFiles;
import dev.stratus.extension.api.WorkspaceGit;
import dev.stratus.extension.api.WorkspaceSearch;
import dev.stratus.extension.api.WorkspaceTerminals;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A workspace that is a real folder, with commands that really run, for the chat tools' tests. */
final class ToolFixtures {
    static final Caller ALICE = new Caller("alice", "Alice", Optional.of("w1"));

    private ToolFixtures() {
    }

    /** A browser that only watches the tool steps. */
    static AiClient stepsTo(java.util.function.Consumer<AiProtocol.ToolStep> watcher) {
        return new AiClient() {
            @Override
            public void delta(AiProtocol.Delta delta) {
            }

            @Override
            public void notice(AiProtocol.Notice notice) {
            }

            @Override
            public void toolCall(AiProtocol.ToolStep step) {
                watcher.accept(step);
            }

            @Override
            public void done(AiProtocol.Done done) {
            }
        };
    }

    /** One user's connection to a workspace that is a folder on disk. */
    record FolderSession(Path root) implements RpcSession {
        @Override
        public Caller caller() {
            return ALICE;
        }

        @Override
        public WorkspaceAccess workspace() {
            return new FolderWorkspace(root);
        }

        @Override
        public <N> N notifications(Class<N> notificationInterface) {
            throw new UnsupportedOperationException();
        }
    }

    record FolderWorkspace(Path root) implements WorkspaceAccess {
        @Override
        public String id() {
            return "w1";
        }

        @Override
        public WorkspaceFiles files() {
            return new WorkspaceFiles() {
                @Override
                public String read(String path) {
                    try {
                        return Files.readString(root.resolve(path));
                    } catch (IOException e) {
                        throw new ExtensionException(ExtensionException.Reason.NOT_FOUND, path);
                    }
                }

                @Override
                public List<FileEntry> list(String path) {
                    try (var s = Files.list(root.resolve(path))) {
                        return s.map(p -> new FileEntry(root.relativize(p).toString(), Files.isDirectory(p), 0, 0))
                                .sorted((a, b) -> naturally(a.path(), b.path())).toList();
                    } catch (IOException e) {
                        throw new ExtensionException(ExtensionException.Reason.NOT_FOUND, path);
                    }
                }

                @Override
                public void write(String path, String content) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public void delete(String path) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public FileEntry stat(String path) {
                    throw new UnsupportedOperationException();
                }
            };
        }

        @Override
        public WorkspaceSearch search() {
            return query -> {
                List<WorkspaceSearch.Match> matches = new ArrayList<>();
                try {
                    List<String> lines = Files.readAllLines(root.resolve("big.txt"));
                    for (int i = 0; i < lines.size() && matches.size() < query.maxResults(); i++) {
                        if (lines.get(i).contains(query.query())) {
                            matches.add(new WorkspaceSearch.Match("big.txt", i + 1, 1, query.query().length(), lines.get(i)));
                        }
                    }
                } catch (IOException e) {
                    throw new ExtensionException(ExtensionException.Reason.NOT_FOUND, "big.txt");
                }
                return new WorkspaceSearch.Result(matches, false);
            };
        }

        @Override
        public WorkspaceGit git() {
            throw new UnsupportedOperationException();
        }

        @Override
        public WorkspaceTerminals terminals() {
            return new HostLikeTerminals(root);
        }
    }

    /** Runs commands for real, keeping what the host keeps: the last MAX_OUTPUT_CHARS characters. */
    record HostLikeTerminals(Path root) implements WorkspaceTerminals {
        @Override
        public CommandResult run(String command, String cwd, Duration timeout) {
            try {
                Process p = new ProcessBuilder("/bin/sh", "-c", command).directory(root.resolve(cwd).toFile())
                        .redirectErrorStream(true).start();
                p.getOutputStream().close();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                boolean timedOut = !p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
                boolean truncated = out.length() > CommandResult.MAX_OUTPUT_CHARS;
                if (truncated) {
                    out = out.substring(out.length() - CommandResult.MAX_OUTPUT_CHARS);
                }
                return new CommandResult(timedOut ? 137 : p.exitValue(), out, truncated, timedOut);
            } catch (IOException e) {
                throw new ExtensionException(ExtensionException.Reason.UNAVAILABLE, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ExtensionException(ExtensionException.Reason.UNAVAILABLE, "interrupted");
            }
        }

        @Override
        public String create(String cwd, String shell) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void write(String terminalId, String text) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close(String terminalId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> list() {
            return List.of();
        }
    }

    private static int naturally(String a, String b) {
        return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }

    static final class NoTools implements AiTools {
        @Override
        public Registration register(AiTool tool) {
            throw new UnsupportedOperationException();
        }
    }
}
