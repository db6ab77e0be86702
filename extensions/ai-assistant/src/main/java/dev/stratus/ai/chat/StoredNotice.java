package dev.stratus.ai.chat;

/**
 * A notice of a stored answer, as the chat panel showed it ({@code ai/notice} without its
 * {@code discardedChars}): a reopened answer still says that a fallback model gave it, or that
 * its length limit or the step limit cut it. {@code message} is redacted and keeps its first
 * {@link #MESSAGE_CHARS} characters.
 *
 * @param at where in the answer's text it was shown (the length of the text shown before it)
 * @param step the agent step it came in, from 1: at the same {@code at}, a notice comes after
 *             the tool steps of earlier agent steps and before those of its own
 */
public record StoredNotice(String kind, String message, int at, int step) {
    static final int MESSAGE_CHARS = 2_000;
    /** The kind of the notice of an answer its length limit cut. */
    static final String LENGTH = "length";
    /** Kept in place of a message that could not be redacted: a secret must not be kept unredacted. */
    static final String UNREDACTED = "[not kept: it could not be redacted]";

    /** The notice to keep, its message redacted by {@code redact} and cut to {@link #MESSAGE_CHARS}. */
    static StoredNotice of(String kind, String message, int at, int step, java.util.function.UnaryOperator<String> redact) {
        String kept;
        try {
            kept = message == null ? "" : redact.apply(message);
        } catch (RuntimeException e) {
            kept = UNREDACTED;
        }
        if (kept.length() > MESSAGE_CHARS) {
            int end = Character.isHighSurrogate(kept.charAt(MESSAGE_CHARS - 1)) ? MESSAGE_CHARS - 1 : MESSAGE_CHARS;
            kept = kept.substring(0, end) + "…";
        }
        return new StoredNotice(kind, kept, at, step);
    }

    /** The same notice shown {@code at} characters into the answer. */
    StoredNotice movedTo(int at) {
        return new StoredNotice(kind, message, at, step);
    }
}
