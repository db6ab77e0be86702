package dev.stratus.ai.governance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.ai.JsonMappers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The canonical form audit hashes are computed over: JSON with the keys of every object sorted
 * by their UTF-16 code units, no whitespace, no null members, integers as plain digits, strings
 * in UTF-8 with only {@code "}, {@code \} and control characters escaped (Jackson's default
 * output). The hash is the lower-case hex SHA-256 of those bytes.
 */
final class CanonicalJson {
    static final ObjectMapper JSON = JsonMappers.newMapper();
    /**
     * For reading what was hashed: by default Jackson keeps a repeated key's last value and stops
     * reading after the first value, so a line could show more than its hash covers.
     */
    private static final ObjectReader STRICT = JSON.reader()
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature())
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** Cloned for each hash: much cheaper than asking the security providers again. */
    private static final MessageDigest SHA256 = newSha256();

    private CanonicalJson() {
    }

    static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(sorted(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    /**
     * One JSON value, refusing a key that occurs twice in an object (at any depth) and anything
     * after the value but whitespace.
     */
    static JsonNode readStrict(String text) throws JsonProcessingException {
        return STRICT.readTree(text);
    }

    static String sha256(String canonical) {
        MessageDigest sha;
        try {
            sha = (MessageDigest) SHA256.clone();
        } catch (CloneNotSupportedException e) {
            sha = newSha256();
        }
        return HexFormat.of().formatHex(sha.digest(canonical.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static JsonNode sorted(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Map<String, JsonNode> members = new TreeMap<>();
            for (Map.Entry<String, JsonNode> e : object.properties()) {
                if (!e.getValue().isNull()) {
                    members.put(e.getKey(), sorted(e.getValue()));
                }
            }
            ObjectNode copy = JSON.createObjectNode();
            members.forEach(copy::set);
            return copy;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode copy = JSON.createArrayNode();
            array.forEach(n -> copy.add(sorted(n)));
            return copy;
        }
        return node;
    }
}
