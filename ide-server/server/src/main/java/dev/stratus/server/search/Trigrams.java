package dev.stratus.server.search;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Trigram postings over file content: each file is indexed under the distinct three-code-point
 * sequences of its case-folded text, and a query needs only the files that hold every trigram of
 * its required literals. Folding ({@code lower(upper(c))}) is coarser than the case-insensitive
 * matching that verifies the candidates, so the filter never drops a file that would match, in
 * either case mode. Sequences spanning a line break are left out: no match spans lines.
 */
final class Trigrams {
    private static final int BITS = 21;
    private static final long MASK = (1L << BITS) - 1;

    private Trigrams() {
    }

    static int fold(int cp) {
        if (cp < 128) {
            return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
        }
        return Character.toLowerCase(Character.toUpperCase(cp));
    }

    /** The distinct trigrams of {@code text}, packed three code points to a long, sorted. */
    static long[] of(CharSequence text) {
        long[] grams = new long[Math.max(0, text.length() - 2)];
        int count = 0;
        int a = -1;
        int b = -1;
        for (int i = 0; i < text.length(); ) {
            int cp = Character.codePointAt(text, i);
            i += Character.charCount(cp);
            if (cp == '\n') {
                a = -1;
                b = -1;
                continue;
            }
            int c = fold(cp);
            if (a >= 0) {
                grams[count++] = pack(a, b, c);
            }
            a = b;
            b = c;
        }
        long[] sorted = Arrays.copyOf(grams, count);
        Arrays.sort(sorted);
        int distinct = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) {
                sorted[distinct++] = sorted[i];
            }
        }
        return Arrays.copyOf(sorted, distinct);
    }

    /** The terms a literal requires (empty when it is shorter than three code points). */
    static Set<String> ofLiteral(String literal) {
        Set<String> terms = new LinkedHashSet<>();
        for (long g : of(literal)) {
            terms.add(term(g));
        }
        return terms;
    }

    private static long pack(int a, int b, int c) {
        return ((long) a << (2 * BITS)) | ((long) b << BITS) | c;
    }

    static String term(long packed) {
        return new StringBuilder(6).appendCodePoint((int) (packed >>> (2 * BITS) & MASK))
                .appendCodePoint((int) (packed >>> BITS & MASK)).appendCodePoint((int) (packed & MASK)).toString();
    }

    /** A token stream emitting each packed trigram once. */
    static TokenStream stream(long[] packed) {
        return new TokenStream() {
            private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
            private int next;

            @Override
            public boolean incrementToken() {
                if (next >= packed.length) {
                    return false;
                }
                clearAttributes();
                long g = packed[next++];
                term.setEmpty();
                appendCodePoint(term, (int) (g >>> (2 * BITS) & MASK));
                appendCodePoint(term, (int) (g >>> BITS & MASK));
                appendCodePoint(term, (int) (g & MASK));
                return true;
            }

            @Override
            public void reset() throws java.io.IOException {
                super.reset();
                next = 0;
            }
        };
    }

    private static void appendCodePoint(CharTermAttribute term, int cp) {
        if (Character.isBmpCodePoint(cp)) {
            term.append((char) cp);
        } else {
            term.append(Character.highSurrogate(cp)).append(Character.lowSurrogate(cp));
        }
    }
}
