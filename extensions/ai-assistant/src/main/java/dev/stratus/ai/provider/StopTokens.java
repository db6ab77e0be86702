package dev.stratus.ai.provider;

import java.util.List;

/**
 * An answer's text up to the first of some tokens, which are never part of it: a fill-in-the-middle
 * template's stop tokens, which a server may pass on as text (one that does not take them all as stop
 * sequences, or prints special tokens). The end of a piece that may begin a token is held back until
 * the next piece tells; whatever follows a token is dropped.
 */
final class StopTokens {
    private final List<String> tokens;
    private final StringBuilder held = new StringBuilder();
    private boolean stopped;

    StopTokens(List<String> tokens) {
        this.tokens = List.copyOf(tokens);
    }

    /** What of {@code delta} belongs to the answer now. */
    String accept(String delta) {
        if (stopped) {
            return "";
        }
        held.append(delta);
        int cut = -1;
        for (String t : tokens) {
            int at = held.indexOf(t);
            if (at >= 0 && (cut < 0 || at < cut)) {
                cut = at;
            }
        }
        if (cut >= 0) {
            stopped = true;
            String out = held.substring(0, cut);
            held.setLength(0);
            return out;
        }
        int keep = heldBack();
        String out = held.substring(0, held.length() - keep);
        held.delete(0, held.length() - keep);
        return out;
    }

    /** What was held back at the end of the answer: no token after all. */
    String rest() {
        String out = held.toString();
        held.setLength(0);
        return out;
    }

    /** The length of the longest end of {@link #held} that begins a token. */
    private int heldBack() {
        int keep = 0;
        for (String t : tokens) {
            for (int n = Math.min(t.length() - 1, held.length()); n > keep; n--) {
                if (t.startsWith(held.substring(held.length() - n))) {
                    keep = n;
                    break;
                }
            }
        }
        return keep;
    }
}
