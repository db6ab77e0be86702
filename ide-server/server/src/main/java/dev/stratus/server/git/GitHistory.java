package dev.stratus.server.git;

import dev.stratus.protocol.ProtocolError;
import dev.stratus.protocol.git.GitBlame;
import dev.stratus.protocol.git.GitBlameLine;
import dev.stratus.protocol.git.GitCommit;
import dev.stratus.protocol.git.GitLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.LogCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.blame.BlameResult;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryState;
import org.eclipse.jgit.revwalk.RevCommit;

/** {@code git/commit}, {@code git/log} and {@code git/blame}. */
final class GitHistory {
    private GitHistory() {
    }

    /**
     * Commits the index as {@code person} (author and committer). No hook runs (the repository's
     * file system has none, and verification is off too) and nothing is signed: signing would
     * need an external program or keys of the server.
     */
    static String commit(Repository repo, String message, boolean amend, PersonIdent person) throws GitAPIException, IOException {
        if (message == null || message.isBlank()) {
            throw GitException.invalid("message must not be blank");
        }
        if (amend && repo.resolve(Constants.HEAD) == null) {
            throw GitException.notFound("There is no commit to amend");
        }
        RevCommit commit = new Git(repo).commit().setMessage(message).setAmend(amend).setAllowEmpty(amend || repo.getRepositoryState() == RepositoryState.MERGING_RESOLVED)
                .setAuthor(person).setCommitter(person).setNoVerify(true).setSign(Boolean.FALSE).call();
        return commit.name();
    }

    static GitLog log(Repository repo, String path, int maxCount) throws GitAPIException, IOException {
        ObjectId head = repo.resolve(Constants.HEAD);
        if (head == null) {
            return new GitLog(List.of());
        }
        LogCommand log = new Git(repo).log().add(head).setMaxCount(maxCount);
        if (!path.isEmpty()) {
            log.addPath(path);
        }
        List<GitCommit> commits = new ArrayList<>();
        for (RevCommit c : log.call()) {
            PersonIdent a = c.getAuthorIdent();
            commits.add(new GitCommit(c.name(), a.getName(), a.getEmailAddress(), a.getWhenAsInstant().toEpochMilli(),
                    c.getFullMessage()));
        }
        return new GitLog(commits);
    }

    /** Blames the working-tree content of a file; lines not yet committed have a null id. */
    static GitBlame blame(Repository repo, Path root, String path, long maxBytes) throws GitAPIException, IOException {
        Path file = root.resolve(path);
        if (path.isEmpty() || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw GitException.notFound("No such file: " + GitException.display(path));
        }
        if (Files.size(file) > maxBytes) {
            throw new GitException(ProtocolError.TOO_LARGE, "File is larger than " + maxBytes + " bytes: " + GitException.display(path));
        }
        if (repo.resolve(Constants.HEAD) == null) {
            throw GitException.notFound("There are no commits to blame");
        }
        BlameResult result = new Git(repo).blame().setFilePath(path).call();
        if (result == null) {
            throw GitException.notFound("Not tracked by git: " + GitException.display(path));
        }
        int lines = result.getResultContents().size();
        List<GitBlameLine> out = new ArrayList<>(lines);
        for (int i = 0; i < lines; i++) {
            RevCommit c = result.getSourceCommit(i);
            PersonIdent a = result.getSourceAuthor(i);
            if (c == null || a == null) {
                out.add(new GitBlameLine(i + 1, null, null, null, 0, null));
            } else {
                out.add(new GitBlameLine(i + 1, c.name(), a.getName(), a.getEmailAddress(), a.getWhenAsInstant().toEpochMilli(),
                        c.getShortMessage()));
            }
        }
        return new GitBlame(out);
    }
}
