package dev.stratus.protocol.search;

import java.util.List;

/**
 * @param query the text or regular expression to find
 * @param isRegex whether {@code query} is a regular expression (Java syntax, close to ripgrep's)
 * @param caseSensitive default false
 * @param wholeWord match only at word boundaries (default false)
 * @param include globs a path must match (any of them), e.g. {@code src/**}, {@code *.ts}
 * @param exclude globs a path must not match
 * @param maxResults at most this many matches (default 2000, at most 20000)
 */
public record SearchTextParams(String query, Boolean isRegex, Boolean caseSensitive, Boolean wholeWord, List<String> include, List<String> exclude, Integer maxResults) {
}
