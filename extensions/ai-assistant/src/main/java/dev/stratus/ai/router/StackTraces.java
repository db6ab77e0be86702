package dev.stratus.ai.router;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Finds stack traces among lines of text: Java, JavaScript, Python and Go frames and headers.
 * A trace is a group of trace lines no more than two lines apart with at least one frame and at
 * least two trace lines; the lines just above and below a group (the exception message) belong to it.
 */
final class StackTraces {
    /** Java {@code at a.B.m(B.java:12)}, {@code (Native Method)}; JS {@code at f (x.js:1:2)}, {@code at x.js:1:2}. */
    private static final Pattern AT_FRAME = Pattern.compile(
            "^\\s*at\\s+\\S.*(?:\\([^()]*:\\d+(?::\\d+)?\\)|\\((?:Native Method|Unknown Source)\\)|:\\d+:\\d+)\\s*$");
    /** Python {@code File "x.py", line 12, in f}. */
    private static final Pattern PY_FRAME = Pattern.compile("\\s*File \"[^\"]+\", line \\d+");
    /** Go {@code \t/app/x.go:27 +0x8c}. */
    private static final Pattern GO_FRAME = Pattern.compile("^\\s*/?[\\w./-]+\\.go:\\d+(?:\\s+\\+0x[0-9a-f]+)?\\s*$");
    private static final Pattern HEADER = Pattern.compile(
            "\\s*(?:Traceback \\(most recent call last\\):|Exception in thread \"|Caused by: |\\.\\.\\. \\d+ more"
                    + "|goroutine \\d+ \\[|panic: )");

    private StackTraces() {
    }

    /** Whether {@code line} is a frame of any of the known formats. */
    static boolean isFrame(String line) {
        return (line.contains("at ") && AT_FRAME.matcher(line).find())
                || (line.contains("File \"") && PY_FRAME.matcher(line).lookingAt())
                || (line.contains(".go:") && GO_FRAME.matcher(line).find());
    }

    private static boolean isHeader(String line) {
        return HEADER.matcher(line).lookingAt();
    }

    /**
     * Counts the traces in {@code lines} and marks the lines they cover in {@code covered}
     * (same length as {@code lines}).
     */
    static int find(List<String> lines, boolean[] covered) {
        int traces = 0;
        int i = 0;
        int n = lines.size();
        while (i < n) {
            boolean frame = isFrame(lines.get(i));
            if (!frame && !isHeader(lines.get(i))) {
                i++;
                continue;
            }
            int start = i;
            int end = i;
            int frames = frame ? 1 : 0;
            int traceLines = 1;
            int j = i + 1;
            while (j < n && j - end <= 3) {
                String line = lines.get(j);
                boolean f = isFrame(line);
                if (f || isHeader(line)) {
                    end = j;
                    traceLines++;
                    frames += f ? 1 : 0;
                }
                j++;
            }
            if (frames >= 1 && traceLines >= 2) {
                traces++;
                for (int k = Math.max(0, start - 1); k <= Math.min(n - 1, end + 1); k++) {
                    covered[k] = true;
                }
            }
            i = end + 1;
        }
        return traces;
    }
}
