package dev.stratus.server.search;

import dev.stratus.protocol.search.SearchTextParams;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A validated {@code search/text} request: the pattern that verifies lines, the trigrams a file
 * must hold to be a candidate, the path filter and the result bound.
 *
 * <p>Matching follows ripgrep: case-insensitive unless {@code caseSensitive} (Unicode simple case
 * folding, like {@code -i}); {@code wholeWord} requires a non-word character or a line edge on both
 * sides (like {@code -w}); {@code \w}, {@code \d}, {@code \s} and {@code \b} are Unicode-aware;
 * {@code .} matches anything but {@code \n}; {@code ^} and {@code $} are line anchors; no match
 * spans lines.
 *
 * @param pattern verifies one line (regex mode) or the whole text (literal mode)
 * @param regex whether {@code pattern} must run line by line under a deadline
 * @param literal finds the same matches as {@code pattern} without the regex engine, when the
 *     query is a literal it can handle (null otherwise)
 * @param utf8 finds them in a file's UTF-8 bytes, when the query is such a literal and ASCII
 *     (null otherwise)
 * @param lineLiteral text every match of a regular expression contains, exactly as written, so
 *     lines without it need not run the pattern (null when there is none or case folding applies)
 * @param trigrams every candidate file holds all of these (empty: every file is a candidate)
 */
record TextQuery(Pattern pattern, boolean regex, LiteralScanner literal, Utf8LiteralScanner utf8, String lineLiteral, Set<String> trigrams, GlobFilter paths, int maxResults, boolean empty) {
    /** At most this many trigram clauses per query: more adds lookups, hardly selectivity. */
    private static final int MAX_TRIGRAMS = 64;

    static TextQuery of(SearchTextParams params, SearchConfig config) {
        if (params == null) {
            throw SearchException.invalid("params object is required");
        }
        String query = params.query();
        if (query == null) {
            throw SearchException.invalid("query is required");
        }
        if (query.indexOf('\n') >= 0 || query.indexOf('\r') >= 0) {
            throw SearchException.invalid("query must be a single line");
        }
        int max = config.defaultMaxResults();
        if (params.maxResults() != null) {
            if (params.maxResults() < 1) {
                throw SearchException.invalid("maxResults must be at least 1");
            }
            max = Math.min(params.maxResults(), config.maxResultsLimit());
        }
        GlobFilter paths = GlobFilter.of(params.include(), params.exclude());
        boolean regex = Boolean.TRUE.equals(params.isRegex());
        boolean caseSensitive = Boolean.TRUE.equals(params.caseSensitive());
        boolean wholeWord = Boolean.TRUE.equals(params.wholeWord());
        if (query.isEmpty()) {
            return new TextQuery(null, regex, null, null, null, Set.of(), paths, max, true);
        }
        int flags = Pattern.UNIX_LINES | (caseSensitive ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        if (regex || wholeWord) {
            flags |= Pattern.UNICODE_CHARACTER_CLASS;
        }
        String source = regex ? query : Pattern.quote(query);
        if (regex) {
            compile(source, flags, query);
        }
        if (wholeWord) {
            source = "(?<!\\w)(?:" + source + ")(?!\\w)";
        }
        Pattern pattern = compile(source, flags, query);
        List<String> required = regex ? RegexLiterals.required(query) : List.of(query);
        Set<String> trigrams = new LinkedHashSet<>();
        for (String literal : required) {
            for (String t : Trigrams.ofLiteral(literal)) {
                if (trigrams.size() < MAX_TRIGRAMS) {
                    trigrams.add(t);
                }
            }
        }
        LiteralScanner literal = regex ? null : LiteralScanner.of(query, caseSensitive, wholeWord, pattern);
        Utf8LiteralScanner utf8 = literal == null ? null : Utf8LiteralScanner.of(query, caseSensitive, wholeWord);
        // An inline flag such as (?i) could make the required text match in another case.
        String lineLiteral = null;
        if (regex && caseSensitive && !query.contains("(?")) {
            for (String r : required) {
                if (lineLiteral == null || r.length() > lineLiteral.length()) {
                    lineLiteral = r;
                }
            }
        }
        return new TextQuery(pattern, regex, literal, utf8, lineLiteral, trigrams, paths, max, false);
    }

    private static Pattern compile(String source, int flags, String query) {
        try {
            return Pattern.compile(source, flags);
        } catch (PatternSyntaxException e) {
            throw SearchException.invalid("Invalid regular expression \"" + query + "\": " + e.getDescription()
                    + (e.getIndex() >= 0 ? " near index " + e.getIndex() : ""));
        } catch (StackOverflowError e) {
            throw SearchException.invalid("Invalid regular expression: too deeply nested");
        }
    }
}
