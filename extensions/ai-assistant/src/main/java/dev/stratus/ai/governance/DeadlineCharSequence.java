package dev.stratus.ai.governance;

/**
 * Text whose reads fail once a deadline passes. A regex engine reads the input through
 * {@link #charAt}, so a pattern that backtracks for too long is stopped where it is instead of
 * holding a thread for minutes.
 */
final class DeadlineCharSequence implements CharSequence {
    private final String text;
    private final long deadlineNanos;
    private int reads;

    DeadlineCharSequence(String text, long deadlineNanos) {
        this.text = text;
        this.deadlineNanos = deadlineNanos;
    }

    /** Thrown from inside the regex engine when time is up. */
    static final class TimeUp extends RuntimeException {
        TimeUp() {
            super("redaction ran out of time", null, false, false);
        }
    }

    @Override
    public char charAt(int index) {
        if ((++reads & 0xFFF) == 0 && System.nanoTime() - deadlineNanos > 0) {
            throw new TimeUp();
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return text.substring(start, end);
    }

    @Override
    public String toString() {
        return text;
    }
}
