package dev.stratus.ai.chat;

import dev.stratus.ai.chat.AiProtocol.Applied;
import dev.stratus.ai.chat.AiProtocol.ApplyEditParams;
import dev.stratus.ai.chat.AiProtocol.Approval;
import dev.stratus.ai.chat.AiProtocol.ChatParams;
import dev.stratus.ai.chat.AiProtocol.CompleteParams;
import dev.stratus.ai.chat.AiProtocol.Conversation;
import dev.stratus.ai.chat.AiProtocol.ConversationRef;
import dev.stratus.ai.chat.AiProtocol.Conversations;
import dev.stratus.ai.chat.AiProtocol.Edit;
import dev.stratus.ai.chat.AiProtocol.EditParams;
import dev.stratus.ai.chat.AiProtocol.Empty;
import dev.stratus.ai.chat.AiProtocol.ProposedEditParams;
import dev.stratus.ai.chat.AiProtocol.RequestRef;
import dev.stratus.ai.chat.AiProtocol.RouteParams;
import dev.stratus.ai.chat.AiProtocol.RouteResult;
import dev.stratus.ai.chat.AiProtocol.Started;
import dev.stratus.ai.chat.AiProtocol.Status;

/** The {@code ai/*} methods (registered under the extension's RPC alias {@code ai}). */
public interface AiService {
    Status status();

    RouteResult route(RouteParams params);

    Started chat(ChatParams params);

    Started edit(EditParams params);

    Applied applyEdit(ApplyEditParams params);

    Edit proposedEdit(ProposedEditParams params);

    /** An {@code ai/edit}'s proposal not applied yet, to review it again (after a reload). */
    Edit proposal(RequestRef params);

    /** An inline completion at the cursor; its text comes as {@code ai/delta}, then {@code ai/done}. */
    RequestRef complete(CompleteParams params);

    Empty cancel(RequestRef params);

    /** Takes up a chat answer whose page went away; see {@link ResumableAnswers}. */
    Started resume(RequestRef params);

    Empty approveTool(Approval params);

    Conversations conversations();

    Conversation conversation(ConversationRef params);

    Empty deleteConversation(ConversationRef params);
}
