package dev.stratus.ai.chat;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Whose turn it is at each conversation: one answer at a time is written into a conversation,
 * so that two sends never store their turns in each other's middle, and each turn's model is
 * sent the turns before it. A connection's next send to a conversation it is answering waits
 * for the answer before (as after Stop, whose answer is being kept); another connection's is
 * refused until that answer ends.
 */
public final class ConversationTurns {
    private static final System.Logger LOG = System.getLogger(ConversationTurns.class.getName());
    private final Map<String, Turn> last = new HashMap<>();
    /** Every turn not over yet, the last at its conversation or not. */
    private final Set<Turn> open = new HashSet<>();

    /** One request's turn at one conversation. */
    public final class Turn {
        private final String key;
        /** Guarded by the turns. */
        private Object owner;
        private final Turn before;
        private final CountDownLatch over = new CountDownLatch(1);
        /** {@link #keepAfterBefore} ends this turn, not the request (guarded by the turns). */
        private boolean handedOver;

        private Turn(String key, Object owner, Turn before) {
            this.key = key;
            this.owner = owner;
            this.before = before;
        }

        /** Waits until the turn before this one, taken by the same owner, is over. */
        public void awaitBefore() throws InterruptedException {
            if (before != null) {
                before.over.await();
            }
        }

        /**
         * Waits until the turn before this one is over, at most {@code timeout} (null: as long as
         * it takes), through any interrupt (kept for the caller): a request stopped while it waited
         * keeps its message after that turn's answer, never in its middle.
         *
         * @return whether that turn is over
         */
        public boolean awaitBeforeThroughInterrupts(Duration timeout) {
            if (before == null) {
                return true;
            }
            long deadline = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
            boolean interrupted = Thread.interrupted();
            try {
                while (true) {
                    try {
                        if (timeout == null) {
                            before.over.await();
                            return true;
                        }
                        return before.over.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /**
         * The answer goes on for another owner (the connection that took it up after the one
         * that asked closed): its next sends there wait for this turn, others' are refused.
         */
        public void adopt(Object newOwner) {
            synchronized (ConversationTurns.this) {
                owner = newOwner;
            }
        }

        /**
         * Stopped while the turn before was still being answered, for longer than its request
         * waits: {@code keep} (which stores this turn's message) runs once that turn is over, on a
         * thread of its own, and this turn ends after it, not at {@link #end}. The request ends at
         * once, and its message is kept after the answer before it, however long that takes; the
         * turn before always ends (its answer is stored, or will not be).
         */
        public void keepAfterBefore(Runnable keep) {
            synchronized (ConversationTurns.this) {
                handedOver = true;
            }
            Thread.ofVirtual().name("ai-keep-stopped-message").start(() -> {
                try {
                    awaitBeforeThroughInterrupts(null);
                    keep.run();
                } finally {
                    over();
                }
            });
        }

        /** The turn is over: its answer is stored, or will not be (unless {@link #keepAfterBefore} ends it). */
        public void end() {
            synchronized (ConversationTurns.this) {
                if (handedOver) {
                    return;
                }
            }
            over();
        }

        private void over() {
            synchronized (ConversationTurns.this) {
                over.countDown();
                last.remove(key, this);
                open.remove(this);
                ConversationTurns.this.notifyAll();
            }
        }
    }

    /**
     * Takes the next turn at {@code conversationId} of {@code workspaceId} for {@code owner} (a
     * connection).
     *
     * @return empty while another owner's turn there is not over
     */
    public synchronized Optional<Turn> take(String workspaceId, String conversationId, Object owner) {
        String key = workspaceId + "/" + conversationId;
        Turn before = last.get(key);
        if (before != null && before.owner != owner) {
            return Optional.empty();
        }
        Turn turn = new Turn(key, owner, before);
        last.put(key, turn);
        open.add(turn);
        return Optional.of(turn);
    }

    /**
     * The server stops: each owner of a turn not over that is {@link AutoCloseable} (a
     * connection, whose close interrupts its answers, which then keep what was shown as
     * interrupted) is closed, and this waits until those turns are over, at most {@code timeout}.
     * Without it the process could end before an answer in flight was stored, and the user's
     * message would be lost with it.
     *
     * @return whether every turn is over
     */
    public boolean stop(Duration timeout) throws InterruptedException {
        Set<Object> owners = new LinkedHashSet<>();
        synchronized (this) {
            open.forEach(t -> owners.add(t.owner));
        }
        for (Object owner : owners) {
            if (owner instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    // One owner failing to close does not keep the others' answers from being stored.
                    LOG.log(System.Logger.Level.WARNING, "Closing a connection's answers failed", e);
                }
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (!open.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
        return true;
    }
}
