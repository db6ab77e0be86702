package dev.stratus.server.search;

/**
 * Scores a candidate (a path or a symbol name) against a fuzzy query: the query's characters
 * must appear in the candidate in order, case-insensitively. Higher is better. Each matched
 * character scores; more for a character right after the previous match (consecutive runs), at
 * the start of a path segment or word (after {@code / _ - . space}, or a lower-to-upper case
 * change), at the start of the file name, inside the file name rather than a folder, and with
 * the same case; gaps cost a little. The best alignment is found by dynamic programming over
 * the (query × candidate) grid, after a linear subsequence check has ruled out most candidates.
 */
final class FuzzyScorer {
    static final int NO_MATCH = Integer.MIN_VALUE;

    private final String query;
    private final String lower;

    FuzzyScorer(String query) {
        this.query = query;
        this.lower = query.toLowerCase(java.util.Locale.ROOT);
    }

    boolean isEmpty() {
        return query.isEmpty();
    }

    /** The score of {@code candidate}, or {@link #NO_MATCH}. */
    int score(String candidate) {
        int m = lower.length();
        int n = candidate.length();
        if (m == 0) {
            return 0;
        }
        if (m > n || !isSubsequence(candidate)) {
            return NO_MATCH;
        }
        int nameStart = candidate.lastIndexOf('/') + 1;
        // best[j]: best score with query[0..i] matched and query[i] at candidate[j]
        int[] prev = new int[n];
        int[] cur = new int[n];
        for (int i = 0; i < m; i++) {
            char q = lower.charAt(i);
            int bestBefore = NO_MATCH; // best of prev[0..j-2] minus gap costs, carried along
            for (int j = 0; j < n; j++) {
                int value = NO_MATCH;
                if (Character.toLowerCase(candidate.charAt(j)) == q) {
                    int bonus = charScore(candidate, j, nameStart, query.charAt(i));
                    if (i == 0) {
                        value = bonus - Math.min(j - nameStart < 0 ? j : j - nameStart, 10) / 2;
                    } else if (j > 0) {
                        int consecutive = prev[j - 1] == NO_MATCH ? NO_MATCH : prev[j - 1] + bonus + 6;
                        int gapped = bestBefore == NO_MATCH ? NO_MATCH : bestBefore + bonus;
                        value = Math.max(consecutive, gapped);
                    }
                }
                if (i > 0 && j > 0) {
                    int from = prev[j - 1];
                    int carried = bestBefore == NO_MATCH ? NO_MATCH : bestBefore - 1;
                    bestBefore = Math.max(carried, from == NO_MATCH ? NO_MATCH : from - 1);
                }
                cur[j] = value;
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        int best = NO_MATCH;
        for (int j = 0; j < n; j++) {
            best = Math.max(best, prev[j]);
        }
        return best;
    }

    private static int charScore(String s, int j, int nameStart, char queryChar) {
        int score = 1;
        char c = s.charAt(j);
        if (j == nameStart) {
            score += 10;
        } else if (j == 0 || "/_-. ".indexOf(s.charAt(j - 1)) >= 0) {
            score += 8;
        } else if (Character.isUpperCase(c) && Character.isLowerCase(s.charAt(j - 1))) {
            score += 7;
        }
        if (j >= nameStart) {
            score += 3;
        }
        if (c == queryChar) {
            score += 1;
        }
        return score;
    }

    private boolean isSubsequence(String candidate) {
        int i = 0;
        for (int j = 0; j < candidate.length() && i < lower.length(); j++) {
            if (Character.toLowerCase(candidate.charAt(j)) == lower.charAt(i)) {
                i++;
            }
        }
        return i == lower.length();
    }
}
