package dev.stratus.server.git;

import java.io.IOException;
import org.eclipse.jgit.errors.AmbiguousObjectException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/** Resolving client-supplied ref names and revisions. */
final class GitRefs {
    private GitRefs() {
    }

    /** The commit {@code revision} names, or null when there is none. */
    static ObjectId resolveCommitOrNull(Repository repo, String revision) throws IOException {
        if (revision == null || revision.isBlank()) {
            throw GitException.invalid("ref must not be blank");
        }
        if (revision.length() > 1024 || revision.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw GitException.invalid("Invalid ref: " + GitException.display(revision));
        }
        try {
            return repo.resolve(revision + "^{commit}");
        } catch (RevisionSyntaxException | IncorrectObjectTypeException | MissingObjectException e) {
            return null;
        } catch (AmbiguousObjectException e) {
            throw GitException.invalid("Ambiguous ref: " + GitException.display(revision));
        }
    }

    /** The commit {@code revision} names; NotFound when there is none. */
    static ObjectId resolveCommit(Repository repo, String revision) throws IOException {
        ObjectId id = resolveCommitOrNull(repo, revision);
        if (id == null) {
            throw GitException.notFound("Unknown ref: " + GitException.display(revision));
        }
        return id;
    }

    /** Refuses branch names git would refuse. */
    static void requireValidBranchName(String name) {
        if (name == null || name.isBlank()) {
            throw GitException.invalid("name must not be blank");
        }
        if (name.startsWith("-") || name.equals("HEAD") || !Repository.isValidRefName("refs/heads/" + name)) {
            throw GitException.invalid("Invalid branch name: " + GitException.display(name));
        }
    }
}
