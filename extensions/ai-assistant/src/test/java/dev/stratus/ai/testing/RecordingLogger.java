package dev.stratus.ai.testing;

import java.text.MessageFormat;
import java.util.List;
import java.util.ResourceBundle;

/** A logger that keeps what is said, for tests that check what is logged (and that no secret is). */
public final class RecordingLogger implements System.Logger {
    private final List<String> lines;
    private final Level only;

    /** Keeps every line in {@code lines}. */
    public RecordingLogger(List<String> lines) {
        this(lines, null);
    }

    /** Keeps the lines said at {@code only} (every line when null) in {@code lines}. */
    public RecordingLogger(List<String> lines, Level only) {
        this.lines = lines;
        this.only = only;
    }

    @Override
    public String getName() {
        return "test";
    }

    @Override
    public boolean isLoggable(Level level) {
        return true;
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
        if (only == null || level == only) {
            lines.add(msg + (thrown == null ? "" : " " + thrown));
        }
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        log(level, bundle, params == null || params.length == 0 ? format : MessageFormat.format(format, params), (Throwable) null);
    }
}
