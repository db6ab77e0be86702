package dev.stratus.ai.governance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.ai.model.ChatMessage;
import dev.stratus.ai.model.ChatRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Recall over fake but well-formed secrets ({@code redaction/secrets.tsv}: kind, tab, text with
 * the secret between « and », which must be replaced exactly, nothing of it left and nothing
 * else touched) and false positives over look-alikes that must pass unchanged
 * ({@code redaction/lookalikes.txt}). In both files {@code \n} is a line break and {@code \\} a backslash.
 */
class RedactionCorpusTest {
    private final Redactor redactor = new Redactor(RedactionConfig.defaults());

    @Test
    void everySecretSampleIsRedactedAndNoLookAlikeIs() throws IOException {
        List<String> secrets = lines("redaction/secrets.tsv");
        List<String> lookAlikes = lines("redaction/lookalikes.txt");
        List<String> missed = new ArrayList<>();
        for (String line : secrets) {
            String kind = line.substring(0, line.indexOf('\t'));
            String marked = unescape(line.substring(line.indexOf('\t') + 1));
            String secret = marked.substring(marked.indexOf('«') + 1, marked.indexOf('»'));
            String out = redact(marked.replace("«", "").replace("»", ""));
            if (out.contains(secret) || !replacedExactly(marked, kind, out)) {
                missed.add(kind + ": " + out);
            }
        }
        List<String> falsePositives = new ArrayList<>();
        for (String line : lookAlikes) {
            String text = unescape(line);
            String out = redact(text);
            if (!out.equals(text)) {
                falsePositives.add(out);
            }
        }
        System.out.printf("redaction corpus: recall %d/%d (%.1f%%), false positives %d/%d%n",
                secrets.size() - missed.size(), secrets.size(), 100.0 * (secrets.size() - missed.size()) / secrets.size(),
                falsePositives.size(), lookAlikes.size());
        assertThat(secrets).hasSizeGreaterThanOrEqualTo(30);
        assertThat(lookAlikes).hasSizeGreaterThanOrEqualTo(20);
        assertThat(missed).as("missed secrets").isEmpty();
        assertThat(falsePositives).as("look-alikes redacted").isEmpty();
    }

    /**
     * Whether {@code out} is {@code marked} with its marked span replaced by the placeholder, the
     * quotes around the span with it or not, and nothing else changed: a placeholder for the start
     * of a secret leaves the rest of it.
     */
    private static boolean replacedExactly(String marked, String kind, String out) {
        String before = marked.substring(0, marked.indexOf('«'));
        String after = marked.substring(marked.indexOf('»') + 1);
        String placeholder = "[REDACTED:" + kind + "]";
        if (out.equals(before + placeholder + after)) {
            return true;
        }
        return !before.isEmpty() && !after.isEmpty() && "\"'".indexOf(before.charAt(before.length() - 1)) >= 0
                && after.charAt(0) == before.charAt(before.length() - 1)
                && out.equals(before.substring(0, before.length() - 1) + placeholder + after.substring(1));
    }

    private String redact(String text) {
        return redactor.redact(new ChatRequest(List.of(ChatMessage.user(text)), null, null, null))
                .request().messages().getFirst().content();
    }

    private static List<String> lines(String resource) throws IOException {
        try (InputStream in = RedactionCorpusTest.class.getClassLoader().getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                out.append(n == 'n' ? '\n' : n);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
