package dev.stratus.ai.engine;

import dev.stratus.ai.model.ChatMessage;
import dev.stratus.ai.model.ChatResult;
import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.ProviderKind;
import dev.stratus.ai.model.Tier;
import dev.stratus.ai.model.ToolCall;
import dev.stratus.ai.model.ToolSpec;
import dev.stratus.ai.model.Usage;
import dev.stratus.ai.router.Task;
import dev.stratus.ai.testing.ScriptedUpstream;
import dev.stratus.ai.testing.TestDeployments;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** Agent-loop runs for the engine's tests: tool-calling deployments, a chat offering a tool, and a panel sink. */
final class AgentRuns {
    static final List<ToolSpec> TOOLS = List.of(new ToolSpec("read_file", "Reads a workspace file",
            "{\"type\": \"object\", \"properties\": {\"path\": {\"type\": \"string\"}}}"));

    private AgentRuns() {
    }

    /** A tool-calling OpenAI-compatible deployment on {@code upstream} whose model is its name. */
    static Deployment deployment(ScriptedUpstream upstream, String name, Tier tier, int contextTokens) {
        return new Deployment(name, tier, ProviderKind.OPENAI, upstream.openAiBaseUrl(), name, null, contextTokens, null, true,
                TestDeployments.TIMEOUT);
    }

    /** A chat on {@code tier} offering {@link #TOOLS}. */
    static Run chat(Tier tier, String prompt) {
        return new Run("alice", "alice", "ws", "chat", Task.CHAT, prompt, null,
                List.of(ChatMessage.system("You are a helpful assistant."), ChatMessage.user(prompt)), TOOLS, tier, null);
    }

    /** A chat panel's sink: records the notices and the tool calls it ran, and answers each with {@code output}. */
    static final class Panel implements RunSink {
        final List<String> notices = new CopyOnWriteArrayList<>();
        final List<ToolCall> ran = new CopyOnWriteArrayList<>();
        final StringBuilder text = new StringBuilder();
        ChatResult finished;
        private final Function<ToolCall, String> output;

        Panel(Function<ToolCall, String> output) {
            this.output = output;
        }

        @Override
        public void text(String delta) {
            text.append(delta);
        }

        @Override
        public void notice(String kind, String message, Integer discardedChars) {
            notices.add(kind + ": " + message);
        }

        @Override
        public List<String> toolCalls(List<ToolCall> calls) {
            ran.addAll(calls);
            return calls.stream().map(output).toList();
        }

        @Override
        public void finished(ChatResult result, Usage usage, Tier tier, String deployment, List<RunResult.Fallback> fallbacks) {
            finished = result;
        }
    }
}
