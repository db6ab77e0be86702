package dev.stratus.server.git;

import dev.stratus.protocol.ProtocolError;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import org.eclipse.jgit.api.errors.CanceledException;
import org.eclipse.jgit.api.errors.CheckoutConflictException;
import org.eclipse.jgit.api.errors.ConcurrentRefUpdateException;
import org.eclipse.jgit.api.errors.EmptyCommitException;
import org.eclipse.jgit.api.errors.InvalidRefNameException;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.api.errors.NoHeadException;
import org.eclipse.jgit.api.errors.RefAlreadyExistsException;
import org.eclipse.jgit.api.errors.RefNotFoundException;
import org.eclipse.jgit.api.errors.StashApplyFailureException;
import org.eclipse.jgit.api.errors.UnmergedPathsException;
import org.eclipse.jgit.api.errors.WrongRepositoryStateException;
import org.eclipse.jgit.dircache.InvalidPathException;
import org.eclipse.jgit.errors.CancelledException;
import org.eclipse.jgit.errors.LockFailedException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.TransportException;

/**
 * Turns JGit's exceptions into {@link GitException}s with protocol reasons, inside the feature;
 * {@code RpcErrors} then maps those to error codes at the boundary. Anything not recognised is
 * left alone and becomes an internal error with an incident id there.
 */
final class GitErrors {
    private GitErrors() {
    }

    static RuntimeException translate(Throwable t) {
        if (t instanceof GitException g) {
            return g;
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof GitException g) {
                return g;
            }
            if (c instanceof SafeTreeChecker.UnsafePathException || c instanceof InvalidPathException) {
                return GitException.outside(c.getMessage());
            }
        }
        GitException known = known(t);
        if (known != null) {
            return known;
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TransportException || c instanceof org.eclipse.jgit.api.errors.TransportException) {
                return transport(t);
            }
        }
        if (t instanceof RuntimeException r && !(t instanceof UncheckedIOException)) {
            return r;
        }
        return new IllegalStateException("git operation failed", t);
    }

    private static GitException known(Throwable t) {
        String m = t.getMessage();
        if (t instanceof RefNotFoundException || t instanceof NoHeadException || t instanceof InvalidRemoteException) {
            return GitException.notFound(m);
        }
        if (t instanceof RefAlreadyExistsException) {
            return new GitException(ProtocolError.ALREADY_EXISTS, m);
        }
        if (t instanceof InvalidRefNameException) {
            return GitException.invalid(m);
        }
        if (t instanceof CheckoutConflictException c) {
            return GitException.conflict("Local changes would be overwritten: " + String.join(", ", c.getConflictingPaths()));
        }
        if (t instanceof org.eclipse.jgit.errors.CheckoutConflictException) {
            return GitException.conflict("Local changes would be overwritten: " + m);
        }
        if (t instanceof EmptyCommitException) {
            return GitException.conflict("Nothing to commit: no changes are staged");
        }
        if (t instanceof UnmergedPathsException) {
            return GitException.conflict("Resolve the merge conflicts and stage the files first");
        }
        if (t instanceof StashApplyFailureException || t instanceof WrongRepositoryStateException
                || t instanceof ConcurrentRefUpdateException) {
            return GitException.conflict(m);
        }
        if (t instanceof LockFailedException || t.getCause() instanceof LockFailedException) {
            return GitException.conflict("The repository is busy (another git process holds a lock); try again");
        }
        if (t instanceof CanceledException || t instanceof CancelledException) {
            return new GitException(ProtocolError.CANCELLED, "Cancelled");
        }
        if (t.getCause() != null && t.getCause() != t && !(t.getCause() instanceof TransportException)) {
            return known(t.getCause());
        }
        return null;
    }

    /** Remote failures: refused credentials, missing repositories, unreachable hosts. */
    private static GitException transport(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof NoRemoteRepositoryException) {
                return GitException.notFound("The remote has no such repository");
            }
            if (c instanceof ConnectException || c instanceof UnknownHostException || c instanceof NoRouteToHostException
                    || c instanceof SocketTimeoutException) {
                return new GitException(ProtocolError.UNAVAILABLE, "The remote cannot be reached: " + c.getClass().getSimpleName());
            }
            all.append(' ').append(c.getMessage());
        }
        String m = all.toString().toLowerCase(Locale.ROOT);
        if (m.contains("not authorized") || m.contains("no credentialsprovider") || m.contains("authentication not supported")
                || m.contains("not permitted") || m.contains("401") || m.contains("403") || m.contains("unauthorized")
                || m.contains("forbidden")) {
            return new GitException(ProtocolError.PERMISSION_DENIED, "The remote refused the credentials");
        }
        if (m.contains("connection refused") || m.contains("unknown host") || m.contains("timed out")
                || m.contains("time out") || m.contains("connection failed") || m.contains("cannot open")) {
            return new GitException(ProtocolError.UNAVAILABLE, "The remote cannot be reached");
        }
        return new GitException(ProtocolError.UNAVAILABLE, "The remote failed: " + firstLine(t.getMessage()));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
