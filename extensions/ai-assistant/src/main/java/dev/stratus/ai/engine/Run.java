package dev.stratus.ai.engine;

import dev.stratus.ai.model.ChatMessage;
import dev.stratus.ai.model.Sampling;
import dev.stratus.ai.model.Tier;
import dev.stratus.ai.model.ToolSpec;
import dev.stratus.ai.router.Escalation;
import dev.stratus.ai.router.PromptContext;
import dev.stratus.ai.router.Task;
import java.util.List;

/**
 * One request to the assistant.
 *
 * @param userId who asks (budgets, rate limits, audit): the stable id
 * @param userName the user's login name, by which the budget configuration names users
 * @param workspaceId the workspace, or null (the gateway)
 * @param action what the audit log records: chat, edit, gateway
 * @param task the IDE action, {@link Task#CHAT} for free-form
 * @param prompt the user's text, for the chat scorer
 * @param context what the scorer knows of the attached context
 * @param messages the conversation to send (system first)
 * @param tools tools offered to the model (empty: none)
 * @param tier a tier the caller fixed ({@code stratus/small}), or null to route
 * @param maxOutputTokens the answer's bound, or null
 * @param escalation the escalations of this request (and of the one it continues), or null
 * @param sampling how the answer is to be made (the gateway's clients set it); {@link Sampling#DEFAULT} when null
 * @param completion a text completion ({@code completion} in the audit log): {@code messages} are the prompt and,
 *     when given, the suffix ({@link dev.stratus.ai.model.ChatRequest#completion()}); routed only to deployments
 *     that serve them
 */
public record Run(String userId, String userName, String workspaceId, String action, Task task, String prompt, PromptContext context,
                  List<ChatMessage> messages, List<ToolSpec> tools, Tier tier, Integer maxOutputTokens, Escalation escalation,
                  Sampling sampling, boolean completion) {
    /** A chat run. */
    public Run(String userId, String userName, String workspaceId, String action, Task task, String prompt, PromptContext context,
               List<ChatMessage> messages, List<ToolSpec> tools, Tier tier, Integer maxOutputTokens, Escalation escalation,
               Sampling sampling) {
        this(userId, userName, workspaceId, action, task, prompt, context, messages, tools, tier, maxOutputTokens, escalation, sampling,
                false);
    }

    /** A run before any escalation, with the providers' sampling. */
    public Run(String userId, String userName, String workspaceId, String action, Task task, String prompt, PromptContext context,
               List<ChatMessage> messages, List<ToolSpec> tools, Tier tier, Integer maxOutputTokens) {
        this(userId, userName, workspaceId, action, task, prompt, context, messages, tools, tier, maxOutputTokens, null, null);
    }

    /** A run with the providers' sampling. */
    public Run(String userId, String userName, String workspaceId, String action, Task task, String prompt, PromptContext context,
               List<ChatMessage> messages, List<ToolSpec> tools, Tier tier, Integer maxOutputTokens, Escalation escalation) {
        this(userId, userName, workspaceId, action, task, prompt, context, messages, tools, tier, maxOutputTokens, escalation, null);
    }

    public Run {
        messages = List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
        context = context == null ? PromptContext.NONE : context;
        sampling = sampling == null ? Sampling.DEFAULT : sampling;
    }
}
