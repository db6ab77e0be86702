package dev.stratus.ai.provider;

/**
 * Takes a reasoning model's leading think block out of its answer text, as it streams. Servers
 * that run such a model (Qwen3, QwQ, DeepSeek-R1 and its distills) without a reasoning parser
 * (llama.cpp without {@code --reasoning-format}, vLLM without {@code --reasoning-parser}, older
 * Ollama) put the thinking in the content: {@code <think>...</think>} at its start, or, when the
 * chat template already wrote the opening tag, the thinking and then {@code </think>} alone.
 *
 * <p>An answer that begins (after whitespace) with {@code <think>} is held back only while its
 * first characters could still be that tag; the block's text then goes to
 * {@link Listener#thinking}, and what follows its {@code </think>}, without the blank lines
 * between, is the answer. Any other answer streams as it comes, except that a possible
 * {@code </think>} at its end is held until the next characters tell: a {@code </think>} that
 * ends its line (or the answer), with no {@code <think>} before it and no quote or backtick
 * around it, ends a block the template opened, and the text shown before it is taken back
 * ({@link Listener#thought}). A {@code <think>} or {@code </think>} anywhere else, and
 * everything after the first tool call, are text like any other.
 */
final class ThinkBlock {
    static final String OPEN = "<think>";
    static final String CLOSE = "</think>";

    /** Where the parts of an answer go. */
    interface Listener {
        /** Answer text. */
        void text(String text);

        /** Text of the think block, not part of the answer. */
        void thinking(String text);

        /**
         * The think block ended: {@code chars} characters of thinking, of which the last
         * {@code takenBack} characters passed to {@link #text} were part (a block the template
         * opened: they come first, then what came to {@link #thinking}); {@code closed} is false
         * when the answer ended inside the block.
         */
        void thought(int chars, int takenBack, boolean closed);
    }

    private enum State {
        /** Nothing but whitespace, or the start of {@code <think>}, so far. */
        START,
        /** Inside a block that began with {@code <think>}. */
        INSIDE,
        /** An answer that may still turn out to be thinking ended by a lone {@code </think>}. */
        OPEN_ENDED,
        /** After a block: its blank lines are dropped before the answer. */
        AFTER,
        /** Text like any other, to the end. */
        PLAIN
    }

    private final Listener listener;
    private State state = State.START;
    /** Characters not passed on yet: the start of the answer, or a possible closing tag's start. */
    private final StringBuilder held = new StringBuilder();
    private int thinkingChars;
    /** Characters passed to {@link Listener#text} while the answer may still be thinking. */
    private int shown;
    private char lastShown;

    ThinkBlock(Listener listener) {
        this.listener = listener;
    }

    void accept(String delta) {
        if (delta.isEmpty()) {
            return;
        }
        switch (state) {
            case START -> start(delta);
            case INSIDE -> inside(delta);
            case OPEN_ENDED -> openEnded(delta);
            case AFTER -> after(delta);
            case PLAIN -> listener.text(delta);
        }
    }

    /** A tool call came: no think block begins or ends after it. */
    void toolCall() {
        switch (state) {
            case START, OPEN_ENDED -> flushPlain();
            case INSIDE -> {
                endInside(true);
                state = State.PLAIN;
            }
            case AFTER -> state = State.PLAIN;
            case PLAIN -> {
            }
        }
    }

    /** The answer is complete: what was held back is passed on as what it turned out to be. */
    void finish() {
        switch (state) {
            case START -> flushPlain();
            case INSIDE -> {
                endInside(false);
                state = State.PLAIN;
            }
            case OPEN_ENDED -> {
                int close = held.indexOf(CLOSE);
                if (close >= 0 && held.substring(close + CLOSE.length()).isBlank()
                        && closesAfter(close > 0 ? held.charAt(close - 1) : lastShown)) {
                    // The answer ended right after the block: thinking only.
                    heldThinking(close);
                    listener.thought(shown + close, shown, true);
                    held.setLength(0);
                    state = State.PLAIN;
                } else {
                    flushPlain();
                }
            }
            case AFTER, PLAIN -> {
            }
        }
    }

    private void start(String delta) {
        held.append(delta);
        int from = 0;
        while (from < held.length() && Character.isWhitespace(held.charAt(from))) {
            from++;
        }
        String rest = held.substring(from);
        if (rest.startsWith(OPEN)) {
            held.setLength(0);
            state = State.INSIDE;
            inside(rest.substring(OPEN.length()));
        } else if (!OPEN.startsWith(rest)) {
            String all = held.toString();
            held.setLength(0);
            state = State.OPEN_ENDED;
            openEnded(all);
        }
    }

    private void inside(String delta) {
        held.append(delta);
        int end = held.indexOf(CLOSE);
        if (end >= 0) {
            String after = held.substring(end + CLOSE.length());
            held.setLength(end);
            endInside(true);
            state = State.AFTER;
            after(after);
            return;
        }
        int keep = partialTag(held, CLOSE);
        if (held.length() > keep) {
            String thinking = held.substring(0, held.length() - keep);
            held.delete(0, held.length() - keep);
            thinkingChars += thinking.length();
            listener.thinking(thinking);
        }
    }

    private void endInside(boolean closed) {
        if (!held.isEmpty()) {
            thinkingChars += held.length();
            listener.thinking(held.toString());
            held.setLength(0);
        }
        listener.thought(thinkingChars, 0, closed);
    }

    private void openEnded(String delta) {
        if (held.isEmpty() && delta.indexOf('<') < 0) {
            show(delta); // no tag, nor the start of one: the common case, passed on as it is
            return;
        }
        held.append(delta);
        int open = held.indexOf(OPEN);
        int close = held.indexOf(CLOSE);
        if (open >= 0 && (close < 0 || open < close)) {
            flushPlain(); // a <think> the answer mentions: no block ends after it
            return;
        }
        if (close >= 0) {
            char before = close > 0 ? held.charAt(close - 1) : lastShown;
            int lineEnd = close + CLOSE.length();
            while (lineEnd < held.length() && (held.charAt(lineEnd) == ' ' || held.charAt(lineEnd) == '\t' || held.charAt(lineEnd) == '\r')) {
                lineEnd++;
            }
            if (lineEnd == held.length() && closesAfter(before)) {
                return; // the line's end decides
            }
            if (closesAfter(before) && held.charAt(lineEnd) == '\n') {
                thinkingChars = shown + close;
                heldThinking(close);
                listener.thought(thinkingChars, shown, true);
                String answer = held.substring(lineEnd);
                held.setLength(0);
                state = State.AFTER;
                after(answer);
                return;
            }
            flushPlain(); // a </think> the answer mentions
            return;
        }
        int keep = Math.max(partialTag(held, CLOSE), partialTag(held, OPEN));
        if (held.length() > keep) {
            show(held.substring(0, held.length() - keep));
            held.delete(0, held.length() - keep);
        }
    }

    /**
     * The end of a block the template opened, held back while its closing tag could be near: the
     * first {@code close} characters held are thinking that was never shown, passed on as such.
     */
    private void heldThinking(int close) {
        if (close > 0) {
            listener.thinking(held.substring(0, close));
        }
    }

    private static boolean closesAfter(char before) {
        return before != '`' && before != '"' && before != '\'' && before != '<';
    }

    private void show(String text) {
        shown += text.length();
        lastShown = text.charAt(text.length() - 1);
        listener.text(text);
    }

    private void after(String delta) {
        int from = 0;
        while (from < delta.length() && Character.isWhitespace(delta.charAt(from))) {
            from++;
        }
        if (from < delta.length()) {
            state = State.PLAIN;
            listener.text(delta.substring(from));
        }
    }

    private void flushPlain() {
        state = State.PLAIN;
        if (!held.isEmpty()) {
            String rest = held.toString();
            held.setLength(0);
            listener.text(rest);
        }
    }

    /** The length of the longest end of {@code text} that is the start of {@code tag}. */
    private static int partialTag(CharSequence text, String tag) {
        for (int n = Math.min(tag.length() - 1, text.length()); n > 0; n--) {
            boolean match = true;
            for (int i = 0; i < n && match; i++) {
                match = text.charAt(text.length() - n + i) == tag.charAt(i);
            }
            if (match) {
                return n;
            }
        }
        return 0;
    }
}
