package dev.stratus.server.git;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** Small helpers shared by the git RPC tests. */
final class GitTestSupport {
    private GitTestSupport() {
    }

    /** Deletes everything inside {@code dir}, keeping {@code dir}; never follows symlinks. */
    static void clear(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir)) {
                    Files.delete(p);
                }
            }
        }
    }

    /** Whether a result member is null (absent: null members are not sent). */
    static boolean absent(JsonNode node, String member) {
        return node.get(member) == null || node.get(member).isNull();
    }

    /** {@code path -> "index/worktree"} of a git/status result, e.g. {@code "a.txt" -> "modified/unmodified"}. */
    static Map<String, String> states(JsonNode status) {
        Map<String, String> out = new LinkedHashMap<>();
        status.get("files").forEach(f -> out.put(f.get("path").asText(), f.get("index").asText() + "/" + f.get("worktree").asText()));
        return out;
    }
}
