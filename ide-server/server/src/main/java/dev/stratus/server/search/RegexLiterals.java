package dev.stratus.server.search;

import java.util.ArrayList;
import java.util.List;

/**
 * The literal strings every match of a (Java) regular expression must contain, used to pick
 * candidate files from the trigram index. Deliberately conservative: only runs of plain
 * characters in the top-level sequence count; groups, classes, escapes like {@code \w} and
 * anything a quantifier makes optional end a run; a top-level {@code |} or the comments flag
 * ({@code (?x)}) means nothing is required. Returning too little only costs speed (more files
 * are scanned); returning too much would lose matches, so when in doubt it returns less.
 */
final class RegexLiterals {
    private final String re;
    private final List<String> runs = new ArrayList<>();
    private final StringBuilder run = new StringBuilder();
    private boolean lastInRun;

    private RegexLiterals(String re) {
        this.re = re;
    }

    /** The required literal runs of {@code regex}, in order (possibly empty). */
    static List<String> required(String regex) {
        RegexLiterals r = new RegexLiterals(regex);
        return r.scan() ? r.runs : List.of();
    }

    private boolean scan() {
        int n = re.length();
        int i = 0;
        while (i < n) {
            char c = re.charAt(i);
            switch (c) {
                case '\\' -> {
                    if (i + 1 >= n) {
                        return false;
                    }
                    char d = re.charAt(i + 1);
                    if (d == 'Q') {
                        int end = re.indexOf("\\E", i + 2);
                        String quoted = end < 0 ? re.substring(i + 2) : re.substring(i + 2, end);
                        quoted.codePoints().forEach(this::literal);
                        i = end < 0 ? n : end + 2;
                    } else if (Character.isLetterOrDigit(d)) {
                        flush();
                        i = skipEscape(i);
                    } else {
                        literal(d);
                        i += 2;
                    }
                    continue;
                }
                case '[' -> {
                    flush();
                    i = skipClass(i);
                    if (i < 0) {
                        return false;
                    }
                    continue;
                }
                case '(' -> {
                    flush();
                    if (re.startsWith("(?", i) && commentsFlag(i + 2)) {
                        return false;
                    }
                    i = skipGroup(i);
                    if (i < 0) {
                        return false;
                    }
                    continue;
                }
                case ')', '|' -> {
                    return false;
                }
                case '*', '?' -> optional();
                case '+' -> {
                    flush();
                }
                case '{' -> {
                    int close = re.indexOf('}', i);
                    if (close < 0) {
                        return false;
                    }
                    String body = re.substring(i + 1, close);
                    if (!body.matches("\\d+(,\\d*)?")) {
                        return false;
                    }
                    if (body.startsWith("0") && body.matches("0+(,\\d*)?")) {
                        optional();
                    } else {
                        flush();
                    }
                    i = close + 1;
                    continue;
                }
                case '.', '^', '$' -> flush();
                default -> {
                    int cp = re.codePointAt(i);
                    literal(cp);
                    i += Character.charCount(cp);
                    continue;
                }
            }
            i++;
        }
        flush();
        return true;
    }

    private void literal(int cp) {
        run.appendCodePoint(cp);
        lastInRun = true;
    }

    /** The atom before a {@code *}, {@code ?} or {@code {0,..}} may be absent. */
    private void optional() {
        if (lastInRun && !run.isEmpty()) {
            int cp = run.codePointBefore(run.length());
            run.setLength(run.length() - Character.charCount(cp));
        }
        flush();
    }

    private void flush() {
        if (!run.isEmpty()) {
            runs.add(run.toString());
            run.setLength(0);
        }
        lastInRun = false;
    }

    private int skipEscape(int i) {
        char d = re.charAt(i + 1);
        int after = i + 2;
        switch (d) {
            case 'p', 'P', 'N' -> {
                if (after < re.length() && re.charAt(after) == '{') {
                    int close = re.indexOf('}', after);
                    return close < 0 ? re.length() : close + 1;
                }
                return Math.min(re.length(), after + 1);
            }
            case 'x' -> {
                if (after < re.length() && re.charAt(after) == '{') {
                    int close = re.indexOf('}', after);
                    return close < 0 ? re.length() : close + 1;
                }
                return Math.min(re.length(), after + 2);
            }
            case 'u' -> {
                return Math.min(re.length(), after + 4);
            }
            case 'c' -> {
                return Math.min(re.length(), after + 1);
            }
            case 'k' -> {
                int close = re.indexOf('>', after);
                return close < 0 ? re.length() : close + 1;
            }
            default -> {
                int j = after;
                if (d == '0' || Character.isDigit(d)) {
                    while (j < re.length() && Character.isDigit(re.charAt(j))) {
                        j++;
                    }
                }
                return j;
            }
        }
    }

    /** Index after the class starting at {@code i}, or -1 if it never closes. */
    private int skipClass(int i) {
        int depth = 0;
        int j = i;
        while (j < re.length()) {
            char c = re.charAt(j);
            if (c == '\\') {
                j += 2;
                continue;
            }
            if (c == '[') {
                depth++;
                j++;
                if (j < re.length() && re.charAt(j) == '^') {
                    j++;
                }
                if (j < re.length() && re.charAt(j) == ']') {
                    j++;
                }
                continue;
            }
            if (c == ']' && --depth == 0) {
                return j + 1;
            }
            j++;
        }
        return -1;
    }

    /** Index after the group starting at {@code i}, or -1 if it never closes. */
    private int skipGroup(int i) {
        int depth = 0;
        int j = i;
        while (j < re.length()) {
            char c = re.charAt(j);
            if (c == '\\') {
                if (j + 1 < re.length() && re.charAt(j + 1) == 'Q') {
                    int end = re.indexOf("\\E", j + 2);
                    j = end < 0 ? re.length() : end + 2;
                } else {
                    j += 2;
                }
                continue;
            }
            if (c == '[') {
                j = skipClass(j);
                if (j < 0) {
                    return -1;
                }
                continue;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return j + 1;
            }
            j++;
        }
        return -1;
    }

    /** Whether the flags of an inline group starting at {@code i} (after "(?") turn on comments mode. */
    private boolean commentsFlag(int i) {
        for (int j = i; j < re.length(); j++) {
            char c = re.charAt(j);
            if (c == '-' ) {
                return false;
            }
            if (c == 'x') {
                return true;
            }
            if (!Character.isLetter(c)) {
                return false;
            }
        }
        return false;
    }
}
