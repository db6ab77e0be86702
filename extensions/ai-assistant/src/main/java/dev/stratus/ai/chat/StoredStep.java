package dev.stratus.ai.chat;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A tool step of a stored answer, as the chat panel last showed it: {@code at} is where in the
 * answer's text it happened (the length of the text shown before it). Bounded: a result keeps
 * its first {@link #RESULT_CHARS} characters and arguments their first {@link #ARGUMENT_CHARS},
 * except a {@code propose_edit}'s, which are kept whole up to {@link #PROPOSAL_CHARS} so the
 * proposal can be reviewed again; {@code argumentsCut} says they were cut.
 *
 * @param state as in {@code ai/toolCall}, or {@link #STOPPED} for a call the answer ended before
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StoredStep(int step, int index, String callId, String name, String arguments, Boolean argumentsCut,
                         boolean requiresApproval, String state, String result, int at) {
    static final int ARGUMENT_CHARS = 2_000;
    static final int RESULT_CHARS = 2_000;
    static final int PROPOSAL_CHARS = 400_000;
    /** A call that had not finished when its answer ended (stopped, failed or interrupted). */
    public static final String STOPPED = "stopped";
    /** What of a step's arguments and result a later turn's model is sent. */
    private static final int MODEL_ARGUMENT_CHARS = 300;
    private static final int MODEL_RESULT_CHARS = 600;

    /** The step as {@code step} shows it, {@code at} characters into the answer; {@code proposalRoom}: whole arguments allowed. */
    static StoredStep of(AiProtocol.ToolStep step, int at, boolean proposalRoom) {
        String args = step.arguments() == null ? "" : step.arguments();
        int keep = ChatTools.PROPOSE_EDIT.equals(step.name()) && proposalRoom ? PROPOSAL_CHARS : ARGUMENT_CHARS;
        boolean cut = args.length() > keep;
        return new StoredStep(step.step(), step.index(), step.callId(), step.name(), cut ? args.substring(0, keep) : args,
                cut ? Boolean.TRUE : null, step.requiresApproval(), step.state(), cap(step.result(), RESULT_CHARS), at);
    }

    /** The same step, its state {@link #STOPPED} unless it had ended. */
    StoredStep ended() {
        return switch (state) {
            case "done", "denied", "failed", RepeatedCalls.REPEATED, STOPPED -> this;
            default -> new StoredStep(step, index, callId, name, arguments, argumentsCut, requiresApproval, STOPPED, result, at);
        };
    }

    /** How the step is written into its answer's text for a later turn's model. */
    String forModel() {
        return "\n\n[Tool call " + name + " " + cap(arguments, MODEL_ARGUMENT_CHARS) + ": " + state
                + (result == null || result.isEmpty() ? "" : ". Result: " + cap(result, MODEL_RESULT_CHARS)) + "]\n\n";
    }

    private static String cap(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
        return s.substring(0, end) + "…";
    }
}
