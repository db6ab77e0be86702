package dev.stratus.server.lsp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.stratus.protocol.ProtocolException;
import dev.stratus.server.fs.PathGuard;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Translates between the browser's view of the workspace ({@code file:///workspace/<path>}) and
 * the language server's (the workspace's real root), in every string of a message.
 *
 * <p>Client to server: a string that is a {@code file:} URI must lie in the workspace, checked
 * with {@link PathGuard} after percent-decoding ({@code ..}, encoded traversals, symlinks to
 * outside are refused), and is rewritten to the real root; the only other {@code file:} URIs let
 * through are ones the language server itself sent before (its libraries: TypeScript's
 * {@code lib.d.ts}, C headers), so a client can ask about a definition it was shown but cannot
 * name {@code /etc/passwd}. Server to client: the real root's URI (in any encoding a server
 * writes) and its plain path are replaced wherever they occur in a string, also inside messages
 * and Markdown. Document text ({@code text}, {@code newText}, {@code insertText}) is code and is
 * never rewritten.
 *
 * <p>Not thread-safe: one relay thread uses it.
 */
final class UriMapper {
    /** The workspace root as clients name it. */
    static final String CLIENT_ROOT = "file:///workspace";
    /** The workspace root's path as clients see it in messages. */
    static final String CLIENT_ROOT_PATH = "/workspace";
    private static final Set<String> CODE_FIELDS = Set.of("text", "newText", "insertText");
    private static final int MAX_EXTERNAL = 10_000;
    /** Characters that continue a file name, so {@code /ws/data} followed by one is another path. */
    private static final String NAME_CHARS = "-._~%+@,=";

    private final PathGuard guard;
    private final String serverRoot;
    private final String rootPath;
    private final List<String[]> replacements = new ArrayList<>();
    private final Set<String> external = newLruSet();

    UriMapper(Path root) {
        this.guard = new PathGuard(root);
        this.rootPath = guard.root().toString();
        this.serverRoot = "file://" + encodePath(rootPath);
        Set<String> uriForms = new LinkedHashSet<>(List.of(serverRoot, stripSlash(guard.root().toUri().toString()), "file://" + rootPath));
        for (String form : uriForms) {
            replacements.add(new String[] {form, CLIENT_ROOT});
        }
        if (!rootPath.equals("/")) {
            replacements.add(new String[] {rootPath, CLIENT_ROOT_PATH});
        }
    }

    /** The workspace root as the language server is told it: {@code file:///real/root}, no trailing slash. */
    String serverRootUri() {
        return serverRoot;
    }

    /** The workspace root's real path. */
    Path root() {
        return guard.root();
    }

    /**
     * Rewrites every URI in a client's message for the server, in place; throws
     * {@link OutsideWorkspaceUriException} at the first URI it must not forward.
     */
    JsonNode toServer(JsonNode message) {
        return walk(message, this::toServerString);
    }

    /** Rewrites every mention of the workspace root in a server's message for clients, in place. */
    JsonNode toClient(JsonNode message) {
        return walk(message, this::toClientString);
    }

    String toServerString(String s) {
        if (!s.regionMatches(true, 0, "file:", 0, 5)) {
            return s;
        }
        int n = CLIENT_ROOT.length();
        if (s.startsWith(CLIENT_ROOT) && (s.length() == n || "/?#".indexOf(s.charAt(n)) >= 0)) {
            int end = n;
            while (end < s.length() && s.charAt(end) != '?' && s.charAt(end) != '#') {
                end++;
            }
            String relative;
            try {
                relative = guard.resolve(stripLeadingSlashes(percentDecode(s.substring(n, end)))).relative();
            } catch (ProtocolException | IllegalArgumentException e) {
                throw new OutsideWorkspaceUriException(s);
            }
            return serverRoot + (relative.isEmpty() ? "" : "/" + encodePath(relative)) + s.substring(end);
        }
        if (external.contains(s)) {
            return s;
        }
        throw new OutsideWorkspaceUriException(s);
    }

    String toClientString(String s) {
        if (s.length() < 2 || s.indexOf('/') < 0) {
            return s;
        }
        String out = s;
        for (String[] r : replacements) {
            out = replaceBounded(out, r[0], r[1]);
        }
        if (out == s && s.regionMatches(true, 0, "file:", 0, 5)) {
            external.add(s); // the server named it, so a client may name it back
        }
        return out;
    }

    /**
     * The workspace-relative path a client URI names ({@code file:///workspace/src/a%20b.ts} ->
     * {@code src/a b.ts}), not yet checked against the disk; IllegalArgumentException for any
     * other URI.
     */
    static String workspacePath(String clientUri) {
        int n = CLIENT_ROOT.length();
        if (clientUri == null || !clientUri.startsWith(CLIENT_ROOT) || clientUri.length() > n && clientUri.charAt(n) != '/') {
            throw new IllegalArgumentException("Not a file:///workspace/ URI: " + clientUri);
        }
        int end = clientUri.length();
        for (int i = n; i < clientUri.length(); i++) {
            if (clientUri.charAt(i) == '?' || clientUri.charAt(i) == '#') {
                end = i;
                break;
            }
        }
        return stripLeadingSlashes(percentDecode(clientUri.substring(n, end)));
    }

    /** Replaces occurrences of {@code needle} that are whole path prefixes (not {@code /ws/data-secret} for {@code /ws/data}). */
    private static String replaceBounded(String s, String needle, String replacement) {
        int at = s.indexOf(needle);
        if (at < 0) {
            return s;
        }
        StringBuilder sb = null;
        int copied = 0;
        while (at >= 0) {
            int after = at + needle.length();
            boolean leftOk = at == 0 || !isPathChar(s.charAt(at - 1));
            boolean rightOk = after == s.length() || !isNameChar(s.charAt(after));
            if (leftOk && rightOk) {
                if (sb == null) {
                    sb = new StringBuilder(s.length());
                }
                sb.append(s, copied, at).append(replacement);
                copied = after;
            }
            at = s.indexOf(needle, after);
        }
        return sb == null ? s : sb.append(s, copied, s.length()).toString();
    }

    private static boolean isNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || NAME_CHARS.indexOf(c) >= 0 || c > 0x7f;
    }

    private static boolean isPathChar(char c) {
        return c == '/' || isNameChar(c);
    }

    private static JsonNode walk(JsonNode node, UnaryOperator<String> f) {
        if (node instanceof ObjectNode object) {
            boolean keysMapped = false;
            for (Map.Entry<String, JsonNode> e : object.properties()) {
                keysMapped |= !f.apply(e.getKey()).equals(e.getKey());
                JsonNode v = e.getValue();
                if (v.isTextual()) {
                    if (!CODE_FIELDS.contains(e.getKey())) {
                        String mapped = f.apply(v.textValue());
                        if (!mapped.equals(v.textValue())) {
                            e.setValue(TextNode.valueOf(mapped));
                        }
                    }
                } else if (v.isContainerNode()) {
                    walk(v, f);
                }
            }
            if (keysMapped) {
                // URIs are keys too (WorkspaceEdit.changes): rebuild the object in its order.
                Map<String, JsonNode> copy = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> e : object.properties()) {
                    copy.put(f.apply(e.getKey()), e.getValue());
                }
                object.removeAll();
                object.setAll(copy);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode v = array.get(i);
                if (v.isTextual()) {
                    String mapped = f.apply(v.textValue());
                    if (!mapped.equals(v.textValue())) {
                        array.set(i, TextNode.valueOf(mapped));
                    }
                } else if (v.isContainerNode()) {
                    walk(v, f);
                }
            }
        }
        return node;
    }

    /**
     * Percent-encodes a path as VS Code's URI library (and so most language servers) does:
     * everything but unreserved characters and {@code /}, as UTF-8, upper-case hex.
     */
    static String encodePath(String path) {
        StringBuilder sb = new StringBuilder(path.length() + 16);
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~/".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    /** Decodes {@code %XX} escapes (not {@code +}) as UTF-8; IllegalArgumentException for malformed escapes or bytes. */
    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0 || Character.digit(s.charAt(i + 2), 16) < 0) {
                    throw new IllegalArgumentException("Malformed percent escape");
                }
                bytes.write(Character.digit(s.charAt(i + 1), 16) << 4 | Character.digit(s.charAt(i + 2), 16));
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                    b = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.writeBytes(b);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("Percent escapes are not UTF-8");
        }
    }

    private static String stripLeadingSlashes(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == '/') {
            i++;
        }
        return s.substring(i);
    }

    private static String stripSlash(String uri) {
        return uri.endsWith("/") && uri.length() > "file:///".length() ? uri.substring(0, uri.length() - 1) : uri;
    }

    private static Set<String> newLruSet() {
        return Collections.newSetFromMap(new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > MAX_EXTERNAL;
            }
        });
    }
}
