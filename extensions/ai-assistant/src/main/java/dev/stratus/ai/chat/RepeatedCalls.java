package dev.stratus.ai.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratus.ai.JsonMappers;
import dev.stratus.ai.model.ToolCall;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The calls one answer's model made, so that a call it makes again unchanged is answered with
 * what the first one gave instead of being run again: a model stuck in a loop would otherwise run
 * it (and ask the user to approve a command) at every step until the step limit. A call runs again
 * once another call that may have written has run since (a command, a proposed edit the user may
 * have applied, another extension's tool): a read then sees what changed, and tests are run again
 * after a fix. A call the user denied is not offered again in that answer.
 */
final class RepeatedCalls {
    /** The repeated step's state in {@code ai/toolCall}: not run, the model told why. */
    static final String REPEATED = "repeated";
    private static final ObjectMapper JSON = JsonMappers.newMapper();
    private static final Set<String> READ_ONLY = Set.of("read_file", "list_files", "search", "diagnostics");
    /** How much of the first call's result the model is given again (it has the whole in its conversation). */
    private static final int RESULT_CHARS = 1_000;

    /** A call by its tool and its arguments, as parsed (key order and spacing do not make a call new). */
    private record Key(String name, Object arguments) {
    }

    /** How a call ended, and how many calls that may write had run once it had (itself included). */
    private record Made(int step, String state, String result, int writesThen) {
    }

    private final Map<Key, Made> made = new HashMap<>();
    private int writes;

    /** What the model is told instead of running {@code call} again, or null when it is to run. */
    synchronized String repeat(ToolCall call) {
        Made before = made.get(key(call));
        boolean denied = "denied".equals(before == null ? null : before.state());
        if (before == null || !denied && writes > before.writesThen()) {
            return null;
        }
        String outcome = switch (before.state()) {
            case "denied" -> "The user denied it.";
            case "failed" -> "It failed: " + cap(before.result());
            default -> "It returned: " + cap(before.result());
        };
        String why = denied ? "the user denied it" : READ_ONLY.contains(call.name())
                ? "nothing has been written since, so it would return the same"
                : "nothing else that may change the workspace has run since";
        return "Not run again: you made this same call (" + call.name() + " with the same arguments) in step " + before.step()
                + ", and " + why + ". " + outcome + "\nUse that result, or try something else.";
    }

    /** {@code call}, of agent step {@code step}, ended {@code state} ({@code done}, {@code denied}, {@code failed}) with {@code result}. */
    synchronized void ran(ToolCall call, int step, String state, String result) {
        if (!READ_ONLY.contains(call.name()) && !"denied".equals(state)) {
            writes++;
        }
        made.put(key(call), new Made(step, state, result == null ? "" : result, writes));
    }

    private static Key key(ToolCall call) {
        String args = call.argumentsJson() == null || call.argumentsJson().isBlank() ? "{}" : call.argumentsJson();
        try {
            JsonNode parsed = JSON.readTree(args);
            return new Key(call.name(), parsed == null ? args : parsed);
        } catch (Exception e) {
            return new Key(call.name(), args);
        }
    }

    private static String cap(String s) {
        if (s.length() <= RESULT_CHARS) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(RESULT_CHARS - 1)) ? RESULT_CHARS - 1 : RESULT_CHARS;
        return s.substring(0, end) + "… (cut here; the whole is in that step's result)";
    }
}
