package dev.stratus.ai.chat;

import dev.stratus.ai.engine.AiFailure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The chat answers (and edits) being written, so that a page can take one up again with {@code ai/resume}:
 * after a reload, or after its connection dropped. An answer whose page went away goes on for a
 * while, waiting; one not taken up in time is stopped and kept as interrupted, as every answer
 * was when its page went away. An answer a connection still shows can be taken too, by the same
 * user on the same workspace: a dropped connection may look open to the server for a minute, while
 * its page is back on a new one; the old connection is told the answer went on elsewhere. The
 * page that takes one up is sent what it sent so far, then the rest. While the assistant stops,
 * none waits.
 */
public final class ResumableAnswers {
    /** What a connection whose answer another connection took up is told. */
    static final String TAKEN_UP = "This answer goes on in another tab or window, or on this page's new connection.";

    private volatile Duration within;
    private final Map<String, Entry> answers = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    /** One answer: whose it is, and whether (and since which page leaving) it waits for a page. */
    private static final class Entry {
        final String userId;
        final String workspaceId;
        final Running run;
        boolean waiting;
        boolean ended;
        /** Which time it was left to wait: a wait it was taken up from does not stop it. */
        int left;

        Entry(String userId, String workspaceId, Running run) {
            this.userId = userId;
            this.workspaceId = workspaceId;
            this.run = run;
        }
    }

    /** @param within how long an answer whose page went away waits to be taken up; zero: none waits */
    public ResumableAnswers(Duration within) {
        this.within = within;
    }

    /** How long answers whose page goes away from now on wait (an edit of {@code ai.resumeSeconds}); those waiting keep their time. */
    public void within(Duration within) {
        this.within = within;
    }

    /** {@code run}, a chat answer or an edit of this user in this workspace, started. */
    void started(String userId, String workspaceId, Running run) {
        answers.put(run.requestId, new Entry(userId, workspaceId, run));
    }

    /**
     * {@code run} ended; one its page left keeps waiting (to be taken up, and sent whole) until its
     * time is up. One whose connection still looked open is kept as long: that connection may be
     * gone without a close (its page sees nothing more, and is back on a new one after a while),
     * and the page then takes it up whole instead of showing it cut off.
     */
    void ended(Running run) {
        Entry e = answers.get(run.requestId);
        if (e == null) {
            return;
        }
        synchronized (e) {
            e.ended = true;
            if (e.waiting) {
                return; // expire() lets it go
            }
        }
        if (stopping || within.isZero()) {
            answers.remove(run.requestId, e);
        } else {
            CompletableFuture.delayedExecutor(within.toMillis(), TimeUnit.MILLISECONDS).execute(() -> answers.remove(run.requestId, e));
        }
    }

    /**
     * {@code run}'s page went away: it goes on without one, waiting to be taken up.
     *
     * @return false when it does not wait (it is no chat answer, none may wait, or the assistant
     *     stops): the caller stops it
     */
    boolean await(Running run) {
        Entry e = answers.get(run.requestId);
        if (e == null || stopping || within.isZero()) {
            return false;
        }
        int left;
        synchronized (e) {
            e.waiting = true;
            left = ++e.left;
            run.log.detach();
        }
        CompletableFuture.delayedExecutor(within.toMillis(), TimeUnit.MILLISECONDS).execute(() -> expire(e, left));
        if (stopping) {
            expire(e, left);
        }
        return true;
    }

    private void expire(Entry e, int left) {
        synchronized (e) {
            if (!e.waiting || e.left != left) {
                return;
            }
            e.waiting = false;
            answers.remove(e.run.requestId, e);
        }
        e.run.abandon();
    }

    /**
     * Takes up answer {@code requestId} of this user and workspace for a connection whose
     * notifications go to {@code to}: it is sent everything so far, then the rest; a connection
     * that still showed it is told it goes on elsewhere.
     *
     * @return empty when there is no such answer
     */
    Optional<Running> take(String requestId, String userId, String workspaceId, AiClient to) {
        Entry e = requestId == null ? null : answers.get(requestId);
        if (e == null || !e.userId.equals(userId) || !e.workspaceId.equals(workspaceId)) {
            return Optional.empty();
        }
        synchronized (e) {
            if (answers.get(requestId) != e) {
                return Optional.empty();
            }
            e.waiting = false;
            if (e.ended) {
                answers.remove(requestId, e);
            }
            e.run.log.resume(to, new AiProtocol.Done(requestId, e.run.conversationId, null, null, null,
                    new AiProtocol.Error(AiFailure.CANCELLED, TAKEN_UP)));
        }
        return Optional.of(e.run);
    }

    /** The assistant stops: no answer waits any more; those waiting are stopped now. */
    public void stop() {
        stopping = true;
        for (Entry e : List.copyOf(answers.values())) {
            int left;
            synchronized (e) {
                left = e.left;
            }
            expire(e, left);
        }
    }
}
