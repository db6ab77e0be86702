package dev.stratus.server.extension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.extension.api.Permission;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.semver4j.Semver;
import org.semver4j.range.RangeListFactory;

/**
 * An extension's {@code stratus-extension.json}, validated: everything the host needs before it
 * creates a class loader, and everything the browser lists before the extension is activated.
 *
 * @param settings declared settings by key, each a JSON Schema object with a {@code default}
 * @param frontend path of the browser module inside the jar's {@code frontend/} folder, or null
 * @param configuration the top-level key of the server's {@code stratus.yaml} the extension reads, or null
 * @param rpcAlias a protocol segment ({@code ai}) its RPC methods and notifications also answer
 *     under, besides {@code ext/<id>/}; honoured for built-in extensions only; or null
 * @param httpAlias a root path segment ({@code v1}) its HTTP routes are also mounted under,
 *     besides {@code /api/ext/<id>/}; honoured for built-in extensions only; or null
 * @param cli subcommands it adds to the {@code stratus} command line
 */
public record ExtensionManifest(String id, String name, String version, String description, String api, String main,
                                Set<Permission> permissions, List<String> activationEvents, List<Command> commands,
                                Map<String, ObjectNode> settings, String frontend, String configuration, String rpcAlias,
                                String httpAlias, List<Cli> cli) {
    /** A command-line contribution: {@code stratus <name>} runs {@code className}. */
    public record Cli(String name, String className, String description) {
    }

    /** Names the command line has already. */
    static final Set<String> CORE_COMMANDS = Set.of("serve", "token", "language-servers", "extensions", "help", "build",
            "test", "gateway", "agent", "user");

    /** The manifest's file name at the jar's root. */
    public static final String FILE = "stratus-extension.json";
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern EVENT = Pattern.compile("onStartup|onWorkspaceOpened|onCommand:[^\\s]+|onLanguage:[A-Za-z0-9_.+-]+|\\*");
    private static final Pattern JAVA_NAME = Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*");
    private static final Pattern FRONTEND = Pattern.compile("frontend/([A-Za-z0-9_.-]+/)*[A-Za-z0-9_.-]+\\.m?js");
    private static final Set<String> SETTING_TYPES = Set.of("string", "number", "integer", "boolean", "array", "object");
    private static final Pattern ALIAS = Pattern.compile("[a-z][a-z0-9-]{0,30}");
    /** Segments an alias may never take: the protocol's own, and the server's route roots. */
    static final Set<String> RESERVED_ALIASES = Set.of("fs", "git", "terminal", "search", "language-servers", "extensions",
            "commands", "settings", "ext", "api", "login", "logout", "healthz", "readyz", "metrics", "assets");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Whether {@code segment} could be an alias at all: of its form, and none of the reserved ones. */
    static boolean couldBeAlias(String segment) {
        return ALIAS.matcher(segment).matches() && !RESERVED_ALIASES.contains(segment);
    }

    /** A command from {@code contributes.commands}. */
    public record Command(String id, String title, String category, String keybinding) {
    }

    /** Whether this API version is in the manifest's range. */
    public boolean supportsApi(String apiVersion) {
        return new Semver(apiVersion).satisfies(api);
    }

    /** True when one of the activation events matches {@code event} ({@code *} matches all). */
    public boolean activatesOn(String event) {
        return activationEvents.contains(event) || event.equals("onStartup") && activationEvents.contains("*");
    }

    /** Parses and validates a manifest. */
    public static ExtensionManifest parse(byte[] json) throws InvalidExtensionException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidExtensionException(FILE + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidExtensionException(FILE + " cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidExtensionException(FILE + " must be a JSON object");
        }
        String id = text(root, "id", true);
        if (!ID.matcher(id).matches()) {
            throw new InvalidExtensionException("id must be lower-case letters, digits and '-' (at most 63): " + id);
        }
        String version = text(root, "version", true);
        if (Semver.parse(version) == null) {
            throw new InvalidExtensionException("version is not a semantic version: " + version);
        }
        String api = text(root, "api", true);
        boolean validRange;
        try {
            validRange = !RangeListFactory.create(api).get().isEmpty();
        } catch (RuntimeException e) {
            validRange = false;
        }
        if (!validRange) {
            throw new InvalidExtensionException("api is not a version range: " + api);
        }
        String main = text(root, "main", true);
        if (!JAVA_NAME.matcher(main).matches()) {
            throw new InvalidExtensionException("main is not a class name: " + main);
        }
        Set<Permission> permissions = new java.util.LinkedHashSet<>();
        for (String p : strings(root, "permissions")) {
            try {
                permissions.add(Permission.fromId(p));
            } catch (IllegalArgumentException e) {
                throw new InvalidExtensionException("Unknown permission \"" + p + "\"; known: files.read, files.write, search, git, terminal");
            }
        }
        List<String> events = strings(root, "activationEvents");
        for (String e : events) {
            if (!EVENT.matcher(e).matches()) {
                throw new InvalidExtensionException("Unknown activation event: " + e);
            }
        }
        JsonNode contributes = root.path("contributes");
        if (!contributes.isMissingNode() && !contributes.isObject()) {
            throw new InvalidExtensionException("contributes must be an object");
        }
        List<Command> commands = new ArrayList<>();
        JsonNode cmds = contributes.path("commands");
        if (!cmds.isMissingNode()) {
            if (!cmds.isArray()) {
                throw new InvalidExtensionException("contributes.commands must be an array");
            }
            for (JsonNode c : cmds) {
                String cid = text(c, "id", true);
                if (!cid.startsWith(id + ".")) {
                    throw new InvalidExtensionException("Command ids start with \"" + id + ".\": " + cid);
                }
                commands.add(new Command(cid, text(c, "title", true), text(c, "category", false), text(c, "keybinding", false)));
            }
        }
        Map<String, ObjectNode> settings = new LinkedHashMap<>();
        JsonNode sets = contributes.path("settings");
        if (!sets.isMissingNode()) {
            if (!sets.isObject()) {
                throw new InvalidExtensionException("contributes.settings must be an object of key to schema");
            }
            var it = sets.fields();
            while (it.hasNext()) {
                var e = it.next();
                if (!e.getKey().startsWith(id + ".")) {
                    throw new InvalidExtensionException("Setting keys start with \"" + id + ".\": " + e.getKey());
                }
                if (!(e.getValue() instanceof ObjectNode schema) || !SETTING_TYPES.contains(schema.path("type").asText())) {
                    throw new InvalidExtensionException("Setting " + e.getKey() + " needs a type: one of " + SETTING_TYPES);
                }
                if (!schema.has("default")) {
                    throw new InvalidExtensionException("Setting " + e.getKey() + " needs a default");
                }
                if (schema.findParent("$ref") != null || schema.findParent("$id") != null
                        || schema.findParent("$schema") != null || schema.findParent("$dynamicRef") != null) {
                    // A reference would make the validator load another schema, perhaps over the network.
                    throw new InvalidExtensionException("Setting " + e.getKey() + " may not use $ref, $id, $schema or $dynamicRef");
                }
                settings.put(e.getKey(), schema);
            }
        }
        String frontend = text(contributes, "frontend", false);
        if (frontend != null && (!FRONTEND.matcher(frontend).matches() || frontend.contains(".."))) {
            throw new InvalidExtensionException("contributes.frontend must be a .js file under frontend/: " + frontend);
        }
        String configuration = text(contributes, "configuration", false);
        if (configuration != null && !ALIAS.matcher(configuration).matches()) {
            throw new InvalidExtensionException("contributes.configuration must be a lower-case key: " + configuration);
        }
        JsonNode aliases = contributes.path("aliases");
        if (!aliases.isMissingNode() && !aliases.isObject()) {
            throw new InvalidExtensionException("contributes.aliases must be an object with rpc and/or http");
        }
        String rpcAlias = alias(aliases, "rpc");
        String httpAlias = alias(aliases, "http");
        List<Cli> cli = new ArrayList<>();
        JsonNode clis = contributes.path("cli");
        if (!clis.isMissingNode() && !clis.isArray()) {
            throw new InvalidExtensionException("contributes.cli must be an array");
        }
        for (JsonNode c : clis) {
            String cname = text(c, "name", true);
            String cls = text(c, "class", true);
            if (!ALIAS.matcher(cname).matches() || CORE_COMMANDS.contains(cname)) {
                throw new InvalidExtensionException("contributes.cli name must be a lower-case word the command line does not use: " + cname);
            }
            if (!JAVA_NAME.matcher(cls).matches()) {
                throw new InvalidExtensionException("contributes.cli class is not a class name: " + cls);
            }
            cli.add(new Cli(cname, cls, text(c, "description", false)));
        }
        String name = text(root, "name", false);
        String description = text(root, "description", false);
        return new ExtensionManifest(id, name == null ? id : name, version, description == null ? "" : description, api,
                main, Set.copyOf(permissions), List.copyOf(events), List.copyOf(commands), Map.copyOf(settings), frontend,
                configuration, rpcAlias, httpAlias, List.copyOf(cli));
    }

    private static String alias(JsonNode aliases, String kind) throws InvalidExtensionException {
        String a = text(aliases, kind, false);
        if (a != null && (!ALIAS.matcher(a).matches() || RESERVED_ALIASES.contains(a))) {
            throw new InvalidExtensionException("contributes.aliases." + kind + " must be a lower-case segment the server"
                    + " does not use itself: " + a);
        }
        return a;
    }

    private static String text(JsonNode node, String field, boolean required) throws InvalidExtensionException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new InvalidExtensionException(FILE + " needs \"" + field + "\"");
            }
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new InvalidExtensionException("\"" + field + "\" must be a non-empty string");
        }
        return v.asText();
    }

    private static List<String> strings(JsonNode node, String field) throws InvalidExtensionException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (!v.isArray()) {
            throw new InvalidExtensionException("\"" + field + "\" must be an array of strings");
        }
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw new InvalidExtensionException("\"" + field + "\" must be an array of strings");
            }
            out.add(e.asText());
        }
        return out;
    }
}
