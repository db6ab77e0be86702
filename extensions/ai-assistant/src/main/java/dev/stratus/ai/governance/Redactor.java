package dev.stratus.ai.governance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.stratus.ai.JsonMappers;
import dev.stratus.ai.model.ChatMessage;
import dev.stratus.ai.model.ChatRequest;
import dev.stratus.ai.model.Sampling;
import dev.stratus.ai.model.ToolCall;
import dev.stratus.ai.model.ToolSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces secrets in everything a request sends: message text, the arguments of tool calls and
 * tool results, the tools offered (description, parameter schema), stop sequences and a response
 * format's schema. It fails closed: when it cannot finish (an error, the time bound, the size
 * bound) the request is blocked, never sent as it was. Thread-safe.
 *
 * <p>Tool-call arguments are parsed as JSON and each string is redacted on its own, so a
 * placeholder never breaks the JSON; a string under a secret-sounding field name
 * ({@code "password"}, {@code "apiKey"}, ...) is replaced whole as {@code json-secret-field}.
 * Arguments that are not JSON are redacted as text.
 *
 * <p>A text that looks like JSON with escaped line breaks (a Jupyter notebook) is read a second
 * time with its strings decoded ({@link EscapedStrings}): once over all of them, the secrets
 * found put back into the text's escaped form.
 */
public final class Redactor {
    private static final ObjectMapper JSON = JsonMappers.newMapper();
    private static final Pattern SECRET_FIELD = Pattern.compile(
            "(?i).*(?:password|passwd|secret|api[_-]?key|access[_-]?key|private[_-]?key|token|credentials?|auth_?header)"
            // docker's config.json keeps base64 user:password under "auth"; an HTTP header map, "Authorization"
            + "|auth|authorization");
    private final List<SecretRule> rules;
    private final long timeoutNanos;
    private final int maxChars;

    public Redactor(RedactionConfig config) {
        List<SecretRule> all = new ArrayList<>(SecretRules.builtIn());
        for (RedactionConfig.ExtraPattern extra : config.extraPatterns()) {
            Pattern p = Pattern.compile(extra.regex());
            all.add(new SecretRule(extra.kind(), p, p.matcher("").groupCount() >= 1 ? 1 : 0, m -> true));
        }
        this.rules = List.copyOf(all);
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(config.timeoutMillis());
        this.maxChars = config.maxChars();
    }

    /**
     * The request with its secrets replaced.
     *
     * @throws RedactionBlockedException if redaction could not finish; the request must not be sent
     */
    public Redacted redact(ChatRequest request) {
        long size = size(request);
        if (size > maxChars) {
            throw new RedactionBlockedException("The request was not sent: at " + size
                    + " characters it is over the " + maxChars + " that can be checked for secrets");
        }
        Scan scan = new Scan(System.nanoTime() + timeoutNanos);
        try {
            List<ChatMessage> messages = new ArrayList<>();
            List<Redacted.Finding> findings = new ArrayList<>();
            for (int i = 0; i < request.messages().size(); i++) {
                ChatMessage m = request.messages().get(i);
                scan.counts.clear();
                String content = scan.text(m.content());
                List<ToolCall> calls = new ArrayList<>();
                for (ToolCall c : m.toolCalls()) {
                    calls.add(new ToolCall(c.id(), c.name(), c.argumentsJson() == null ? null : scan.json(c.argumentsJson())));
                }
                messages.add(new ChatMessage(m.role(), content, calls, m.toolCallId()));
                int index = i;
                scan.counts.forEach((kind, n) -> findings.add(new Redacted.Finding(kind, index, n)));
            }
            // The tools offered and the sampling options are the client's text too (the gateway's callers write them).
            scan.counts.clear();
            List<ToolSpec> tools = new ArrayList<>();
            for (ToolSpec t : request.tools()) {
                tools.add(new ToolSpec(t.name(), t.description() == null ? null : scan.text(t.description()),
                        t.parametersSchema() == null ? null : scan.json(t.parametersSchema())));
            }
            Sampling sampling = request.sampling();
            if (!sampling.stop().isEmpty() || sampling.responseFormat() != null) {
                sampling = new Sampling(sampling.temperature(), sampling.topP(), sampling.stop().stream().map(scan::text).toList(),
                        sampling.seed(), sampling.presencePenalty(), sampling.frequencyPenalty(), sampling.toolChoice(),
                        sampling.parallelToolCalls(), sampling.responseFormat() == null ? null : scan.json(sampling.responseFormat()),
                        sampling.reasoningEffort());
            }
            scan.counts.forEach((kind, n) -> findings.add(new Redacted.Finding(kind, Redacted.Finding.OUTSIDE_MESSAGES, n)));
            return new Redacted(new ChatRequest(messages, tools, request.maxOutputTokens(), sampling, request.completion()), findings);
        } catch (DeadlineCharSequence.TimeUp e) {
            throw new RedactionBlockedException("The request was not sent: checking it for secrets took longer than "
                    + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms", e);
        } catch (RuntimeException | StackOverflowError e) {
            throw new RedactionBlockedException("The request was not sent: checking it for secrets failed ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static long size(ChatRequest request) {
        long size = 0;
        for (ChatMessage m : request.messages()) {
            size += m.content().length();
            for (ToolCall c : m.toolCalls()) {
                size += c.argumentsJson() == null ? 0 : c.argumentsJson().length();
            }
        }
        for (ToolSpec t : request.tools()) {
            size += (t.description() == null ? 0 : t.description().length()) + (t.parametersSchema() == null ? 0 : t.parametersSchema().length());
        }
        return size;
    }

    /** One request's pass: its deadline and the counts of the message being scanned. */
    private final class Scan {
        final long deadline;
        final Map<String, Integer> counts = new TreeMap<>();

        Scan(long deadline) {
            this.deadline = deadline;
        }

        String text(String text) {
            String current = text;
            for (SecretRule rule : rules) {
                current = apply(rule, current, null);
            }
            EscapedStrings strings = EscapedStrings.find(current);
            return strings == null ? current : inStrings(strings);
        }

        /** The rules once more, over the text's JSON strings decoded: once over all of them, however many. */
        private String inStrings(EscapedStrings strings) {
            ReplacedSpans found = new ReplacedSpans();
            String current = strings.decoded();
            for (SecretRule rule : rules) {
                current = apply(rule, current, found);
            }
            return found.spans().isEmpty() ? strings.raw() : strings.replace(found.spans());
        }

        /** {@code text} with the secrets {@code rule} finds replaced; each also added to {@code found} when there is one. */
        private String apply(SecretRule rule, String text, ReplacedSpans found) {
            if (!rule.mayMatch(text)) {
                return text;
            }
            Matcher m = rule.pattern().matcher(new DeadlineCharSequence(text, deadline));
            StringBuilder out = null;
            List<ReplacedSpans.Span> spans = found == null ? null : new ArrayList<>();
            int last = 0;
            while (m.find()) {
                if (m.start(rule.group()) < 0 || !rule.accept().test(m)) {
                    continue;
                }
                if (out == null) {
                    out = new StringBuilder(text.length());
                }
                String placeholder = SecretRule.placeholder(rule.kind());
                out.append(text, last, m.start(rule.group())).append(placeholder);
                last = m.end(rule.group());
                counts.merge(rule.kind(), 1, Integer::sum);
                if (spans != null) {
                    spans.add(new ReplacedSpans.Span(m.start(rule.group()), last, placeholder));
                }
            }
            if (spans != null && !spans.isEmpty()) {
                found.add(spans);
            }
            return out == null ? text : out.append(text, last, text.length()).toString();
        }

        String json(String argumentsJson) {
            JsonNode tree;
            try {
                tree = JSON.readTree(argumentsJson);
            } catch (JsonProcessingException notJson) {
                return text(argumentsJson);
            }
            if (tree == null) {
                return text(argumentsJson);
            }
            JsonNode redacted = node(null, tree);
            try {
                return JSON.writeValueAsString(redacted);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a JSON tree could not be written", e);
            }
        }

        private JsonNode node(String field, JsonNode node) {
            if (node.isTextual()) {
                String value = node.asText();
                if (field != null && SECRET_FIELD.matcher(field).matches() && SecretRules.secretValue(field, value)
                        && !value.startsWith("[REDACTED:")) {
                    counts.merge("json-secret-field", 1, Integer::sum);
                    return TextNode.valueOf(SecretRule.placeholder("json-secret-field"));
                }
                return TextNode.valueOf(text(value));
            }
            if (node instanceof ObjectNode object) {
                ObjectNode copy = JSON.createObjectNode();
                for (Map.Entry<String, JsonNode> e : object.properties()) {
                    copy.set(e.getKey(), node(e.getKey(), e.getValue()));
                }
                return copy;
            }
            if (node instanceof ArrayNode array) {
                ArrayNode copy = JSON.createArrayNode();
                array.forEach(n -> copy.add(node(field, n)));
                return copy;
            }
            return node;
        }
    }
}
