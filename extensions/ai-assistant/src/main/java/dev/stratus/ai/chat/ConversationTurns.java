package dev.stratus.ai.chat;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * Whose turn it is at each conversation: one answer at a time is written into a conversation,
 * so that two sends never store their turns in each other's middle, and each turn's model is
 * sent the turns before it. A connection's next send to a conversation it is answering waits
 * for the answer before (as after Stop, whose answer is being kept); another connection's is
 * refused until that answer ends.
 */
public final class ConversationTurns {
    private final Map<String, Turn> last = new HashMap<>();

    /** One request's turn at one conversation. */
    public final class Turn {
        private final String key;
        private final Object owner;
        private final Turn before;
        private final CountDownLatch over = new CountDownLatch(1);

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

        /** The turn is over: its answer is stored, or will not be. */
        public void end() {
            synchronized (ConversationTurns.this) {
                over.countDown();
                last.remove(key, this);
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
        return Optional.of(turn);
    }
}
