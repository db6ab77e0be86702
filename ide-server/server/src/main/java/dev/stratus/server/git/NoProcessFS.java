package dev.stratus.server.git;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.FS_POSIX;
import org.eclipse.jgit.util.ProcessResult;
import org.eclipse.jgit.util.TemporaryBuffer;

/**
 * The JGit file system of every repository Stratus opens: it never starts a process, so an
 * untrusted repository cannot make the server run anything.
 *
 * <p>JGit starts processes in exactly these places, all through the repository's {@link FS}
 * (checked in JGit's source): hooks ({@code pre-commit}, {@code commit-msg}, {@code post-commit},
 * {@code pre-push}, through {@link #runHookIfPresent}; {@code core.hooksPath} is read by
 * {@link #findHook}), clean and smudge filters ({@code filter.<x>.clean/smudge}, through
 * {@link #runInShell} then {@link #execute}) and the local transport's
 * {@code remote.<x>.uploadpack}/{@code receivepack} (through {@link #runInShell} then
 * {@link ProcessBuilder#start}). Here hooks are never present, filters pass content through
 * unchanged (as git does when a filter driver is not installed), and the builder
 * {@link #runInShell} returns has no command, so starting it fails. JGit has no support for
 * {@code core.fsmonitor}, {@code diff.external} or {@code credential.helper}, and only reads
 * {@code GIT_SSH} from the environment, never {@code core.sshCommand}.
 */
final class NoProcessFS extends FS_POSIX {

    NoProcessFS() {
        super();
    }

    @Override
    public FS newInstance() {
        return new NoProcessFS();
    }

    @Override
    public File findHook(Repository repository, String hookName) {
        return null;
    }

    @Override
    public ProcessResult runHookIfPresent(Repository repository, String hookName, String[] args, OutputStream out,
                                          OutputStream err, String stdinArgs) {
        return new ProcessResult(ProcessResult.Status.NOT_PRESENT);
    }

    @Override
    protected ProcessResult internalRunHookIfPresent(Repository repository, String hookName, String[] args,
                                                     OutputStream out, OutputStream err, String stdinArgs) {
        return new ProcessResult(ProcessResult.Status.NOT_PRESENT);
    }

    /** A builder that cannot be started: it has no command. */
    @Override
    public ProcessBuilder runInShell(String cmd, String[] args) {
        return new ProcessBuilder(List.of());
    }

    /** Passes the input through unchanged instead of running a filter command. */
    @Override
    public ExecutionResult execute(ProcessBuilder pb, InputStream in) throws IOException {
        TemporaryBuffer out = new TemporaryBuffer.LocalFile(null);
        TemporaryBuffer err = new TemporaryBuffer.Heap(1024);
        try (out; err) {
            if (in != null) {
                out.copy(in);
            }
        }
        return new ExecutionResult(out, err, 0);
    }

    @Override
    public int runProcess(ProcessBuilder pb, OutputStream out, OutputStream err, String stdin) throws IOException {
        throw new IOException("Stratus does not run external processes for git");
    }

    @Override
    public int runProcess(ProcessBuilder pb, OutputStream out, OutputStream err, InputStream in) throws IOException {
        throw new IOException("Stratus does not run external processes for git");
    }

    @Override
    protected File discoverGitSystemConfig() {
        return null;
    }
}
