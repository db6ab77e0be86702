package dev.stratus.ai.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.stratus.ai.governance.GovernanceConfig;
import dev.stratus.ai.governance.RedactionConfig;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code stratus.yaml} examples of the README and of docs/ai-assistant.md, read by the real
 * configuration loader: each is accepted as written, and the reference names every setting the
 * loader takes, with the defaults the code has.
 */
class DocumentedConfigurationTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);
    /** Settings whose keys are the administrator's own (task ids, user and team names). */
    private static final Set<String> FREE_FORM = Set.of("routing.tasks", "governance.budgets.users",
            "governance.budgets.teams", "governance.budgets.teamTokens");

    @TempDir
    Path dir;

    @Test
    void theReadmesExampleIsAcceptedAsWritten() throws Exception {
        List<JsonNode> examples = examples("README.md");
        assertThat(examples).as("the README's stratus.yaml examples").isNotEmpty();
        for (JsonNode example : examples) {
            AiConfig config = load(example);
            assertThat(config.configured()).isTrue();
            assertThat(config.deployments()).hasSize(example.path("ai").path("deployments").size());
        }
    }

    @Test
    void theReferenceIsAcceptedAndShowsTheCodesDefaults() throws Exception {
        List<JsonNode> examples = examples("docs/ai-assistant.md");
        assertThat(examples).as("the reference's stratus.yaml").hasSize(1);
        AiConfig config = load(examples.getFirst());
        GovernanceConfig g = config.governance();
        // Its extra pattern is an example; there are none by default.
        assertThat(g.redaction().extraPatterns()).isNotEmpty();
        assertThat(new GovernanceConfig(g.budgets(), g.rateLimit(), new RedactionConfig(g.redaction().timeoutMillis(),
                g.redaction().maxChars(), null), g.audit())).isEqualTo(GovernanceConfig.defaults());
        assertThat(config.taskTiers()).isEmpty();
        assertThat(config.gatewayEnabled()).isTrue();
        assertThat(config.deployments().getFirst().timeout()).hasSeconds(60);
    }

    @Test
    void theReferenceNamesEverySettingTheLoaderTakes() throws Exception {
        Set<String> documented = new TreeSet<>();
        for (JsonNode example : examples("docs/ai-assistant.md")) {
            keys(example.path("ai"), "", documented);
        }
        Set<String> accepted = new TreeSet<>(List.of("deployments", "routing", "routing.tasks", "governance", "gateway",
                "gateway.enabled", "detectLocalServers", "resumeSeconds"));
        AiConfig.DEPLOYMENT_KEYS.forEach(k -> accepted.add("deployments." + k));
        components(GovernanceConfig.class, "governance", accepted);
        assertThat(documented).isEqualTo(accepted);
    }

    /** Each example's top level holds only the sections the server and the assistant read. */
    @Test
    void theExamplesHoldOnlySectionsTheServerReads() throws Exception {
        List<JsonNode> examples = new ArrayList<>(examples("README.md"));
        examples.addAll(examples("docs/ai-assistant.md"));
        for (JsonNode example : examples) {
            example.fieldNames().forEachRemaining(f -> assertThat(f).isIn("ai", "extensions"));
            example.path("extensions").fieldNames().forEachRemaining(f -> assertThat(f).isEqualTo("disabledAliases"));
        }
    }

    /** The loader's reading of an example, its apiKeyFile files made and every apiKeyEnv variable set. */
    private AiConfig load(JsonNode example) throws Exception {
        JsonNode ai = example.path("ai").deepCopy();
        for (JsonNode d : ai.path("deployments")) {
            if (d.has("apiKeyFile")) {
                Path key = Files.writeString(Files.createTempFile(dir, "key", ""), "test-key-0123\n");
                ((ObjectNode) d).put("apiKeyFile", key.toString());
            }
        }
        return AiConfig.parse(JSON.writeValueAsString(ai), name -> "test-key-0123");
    }

    /** The yaml blocks of {@code doc} (from the repository's root) that configure the assistant. */
    private static List<JsonNode> examples(String doc) throws IOException {
        Matcher m = YAML_BLOCK.matcher(Files.readString(root().resolve(doc)));
        List<JsonNode> out = new ArrayList<>();
        while (m.find()) {
            JsonNode tree = YAML.readTree(m.group(1));
            if (tree != null && tree.has("ai")) {
                out.add(tree);
            }
        }
        return out;
    }

    private static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("docs/ai-assistant.md"))) {
                return p;
            }
        }
        throw new AssertionError("no docs/ai-assistant.md above " + Path.of("").toAbsolutePath());
    }

    private static void keys(JsonNode node, String path, Set<String> out) {
        if (node.isArray()) {
            node.forEach(e -> keys(e, path, out));
        } else if (node.isObject()) {
            node.fieldNames().forEachRemaining(f -> {
                String p = path.isEmpty() ? f : path + "." + f;
                out.add(p);
                if (!FREE_FORM.contains(p)) {
                    keys(node.get(f), p, out);
                }
            });
        }
    }

    /** The setting paths of a record bound from the configuration, its nested records' (and their lists') too. */
    private static void components(Class<?> type, String path, Set<String> out) {
        for (RecordComponent c : type.getRecordComponents()) {
            String p = path + "." + c.getName();
            out.add(p);
            Type t = c.getGenericType();
            if (t instanceof ParameterizedType pt && c.getType() == List.class && pt.getActualTypeArguments()[0] instanceof Class<?> e
                    && e.isRecord()) {
                components(e, p, out);
            } else if (c.getType().isRecord()) {
                components(c.getType(), p, out);
            }
        }
    }
}
