package dev.stratus.server.search;

/**
 * Text a regular expression runs over, checking a deadline as it is read: Java's regex engine
 * backtracks without bound ({@code (a+)+$} on a long line of {@code a}s), and reads every
 * character through {@link #charAt}, so this is where a runaway match can be stopped without
 * killing its thread. Checks every 1024 reads, also for thread interruption.
 */
final class DeadlineCharSequence implements CharSequence {
    /** Thrown from {@link #charAt} past the deadline. */
    static final class Expired extends RuntimeException {
        Expired() {
            super("regular expression deadline passed", null, false, false);
        }
    }

    private final String text;
    private long deadlineNanos;
    private int reads;

    DeadlineCharSequence(String text) {
        this.text = text;
    }

    /** Sets the deadline for the next matches, as a {@link System#nanoTime()} value. */
    void deadline(long nanoTime) {
        this.deadlineNanos = nanoTime;
    }

    @Override
    public char charAt(int index) {
        if ((++reads & 1023) == 0 && (System.nanoTime() - deadlineNanos > 0 || Thread.currentThread().isInterrupted())) {
            throw new Expired();
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
