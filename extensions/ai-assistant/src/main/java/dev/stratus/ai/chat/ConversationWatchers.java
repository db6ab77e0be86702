package dev.stratus.ai.chat;

import dev.stratus.extension.api.RpcSession;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every {@code ai/*} connection of each user to each workspace, so that a conversation stored or
 * deleted over one is told to the user's others (another tab, another window, another machine)
 * as {@code ai/conversationChanged}. A change reaches only the same user's connections to the same
 * workspace, never the connection that made it.
 */
public final class ConversationWatchers {
    private static final System.Logger LOG = System.getLogger(ConversationWatchers.class.getName());

    private final Set<Watch> watches = ConcurrentHashMap.newKeySet();

    /**
     * Starts telling {@code client} of the changes that the other connections of {@code session}'s
     * user to its workspace make. The session is asked who and where only when a change is told.
     */
    public Watch watch(RpcSession session, ConversationClient client) {
        Watch w = new Watch(session, client);
        watches.add(w);
        return w;
    }

    /** One connection's watch: it hears of the others' changes and tells them of its own. */
    public final class Watch implements AutoCloseable {
        private final RpcSession session;
        private final ConversationClient client;

        private Watch(RpcSession session, ConversationClient client) {
            this.session = session;
            this.client = client;
        }

        private boolean sameUserAndWorkspace(Watch other) {
            return other.session.caller().userId().equals(session.caller().userId())
                    && other.session.workspace().id().equals(session.workspace().id());
        }

        /** Tells the user's other connections to the workspace of {@code change}. */
        public void changed(AiProtocol.ConversationChanged change) {
            for (Watch w : watches) {
                try {
                    if (w == this || !sameUserAndWorkspace(w)) {
                        continue;
                    }
                    w.client.conversationChanged(change);
                } catch (RuntimeException e) {
                    // A connection closing meanwhile must not keep the others from hearing of it.
                    LOG.log(System.Logger.Level.DEBUG, "ai/conversationChanged not sent", e);
                }
            }
        }

        @Override
        public void close() {
            watches.remove(this);
        }
    }
}
