package dev.stratus.ai.chat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts a file's secrets back into an edit the model made of its redacted text.
 *
 * <p>The model never sees a secret: it gets {@code [REDACTED:kind]} in its place, and an edit it
 * proposes carries that placeholder wherever the secret stood. Written to disk as is, the edit
 * would replace the user's key with the placeholder. Each placeholder the answer holds is given
 * back the secret it stands for when that is certain: the only secret of its kind in the text, or
 * each one in turn when the answer holds exactly as many of that kind as the text did (an edit
 * keeps the order of the lines it leaves alone). Otherwise the edit is refused rather than
 * guessed.
 */
final class SecretRestore {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\[REDACTED:([a-z0-9-]+)]");

    private SecretRestore() {
    }

    /** The answer could not be given back all of its secrets. */
    static final class Unrestorable extends Exception {
        Unrestorable(String kinds) {
            super(kinds, null, false, false);
        }
    }

    /**
     * @param original the text as it is on disk
     * @param redacted the same text as the model was given it
     * @param answer the model's new text for it
     * @return {@code answer} with each placeholder of a secret from {@code original} replaced by that secret
     * @throws Unrestorable naming the kinds whose secrets cannot be placed with certainty
     */
    static String restore(String original, String redacted, String answer) throws Unrestorable {
        if (!PLACEHOLDER.matcher(answer).find() || original.equals(redacted)) {
            return answer;
        }
        Map<String, List<String>> byKind = secrets(original, redacted);
        Map<String, Integer> inAnswer = new LinkedHashMap<>();
        Matcher m = PLACEHOLDER.matcher(answer);
        while (m.find()) {
            inAnswer.merge(m.group(1), 1, Integer::sum);
        }
        TreeSet<String> unplaced = new TreeSet<>();
        if (byKind == null) {
            // The redacted text could not be lined up with the original: no placeholder can be trusted.
            unplaced.addAll(inAnswer.keySet());
            throw new Unrestorable(String.join(", ", unplaced));
        }
        for (Map.Entry<String, Integer> e : inAnswer.entrySet()) {
            List<String> secrets = byKind.get(e.getKey());
            if (secrets != null && secrets.stream().distinct().count() > 1 && secrets.size() != e.getValue()) {
                unplaced.add(e.getKey());
            }
        }
        if (!unplaced.isEmpty()) {
            throw new Unrestorable(String.join(", ", unplaced));
        }
        Map<String, Integer> next = new LinkedHashMap<>();
        StringBuilder out = new StringBuilder(answer.length());
        m.reset();
        while (m.find()) {
            List<String> secrets = byKind.get(m.group(1));
            // A placeholder of a kind the text never held is the model's own writing; it stays.
            String value = secrets == null ? m.group() : secrets.get(Math.min(next.merge(m.group(1), 1, Integer::sum) - 1, secrets.size() - 1));
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * The secrets behind each kind of placeholder in {@code redacted}, in order; null when the
     * text between placeholders does not line up with {@code original} (it must, as redaction
     * only replaces spans). A secret is taken to end where the text after its placeholder (up to
     * the next one, or the end) first appears: that text is the syntax around the secret (quotes,
     * spaces, a line end and what follows), which a key, a token or a key block does not hold.
     */
    static Map<String, List<String>> secrets(String original, String redacted) {
        List<String> literals = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(redacted);
        int last = 0;
        while (m.find()) {
            literals.add(redacted.substring(last, m.start()));
            kinds.add(m.group(1));
            last = m.end();
        }
        String tail = redacted.substring(last);
        Map<String, List<String>> byKind = new LinkedHashMap<>();
        int pos = 0;
        for (int i = 0; i < kinds.size(); i++) {
            if (!original.startsWith(literals.get(i), pos)) {
                return null;
            }
            pos += literals.get(i).length();
            String following = i + 1 < kinds.size() ? literals.get(i + 1) : tail;
            int end;
            if (i + 1 == kinds.size()) {
                end = original.length() - tail.length();
                if (end < pos || !original.endsWith(tail)) {
                    return null;
                }
            } else {
                if (following.isEmpty()) {
                    return null; // two secrets side by side: where one ends is anyone's guess
                }
                end = original.indexOf(following, pos);
                if (end < 0) {
                    return null;
                }
            }
            if (end == pos) {
                return null;
            }
            byKind.computeIfAbsent(kinds.get(i), k -> new ArrayList<>()).add(original.substring(pos, end));
            pos = end;
        }
        return kinds.isEmpty() && !original.equals(redacted) ? null : byKind;
    }
}
