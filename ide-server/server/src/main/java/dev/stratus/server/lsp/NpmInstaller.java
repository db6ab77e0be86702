package dev.stratus.server.lsp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Installs npm packages at exact versions into the install folder, with one
 * {@code npm install --prefix <folder>} run for every package needed, and tells whether a package
 * is already there at its pinned version.
 */
final class NpmInstaller {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ERROR_LINES = 5;

    private final Path installDir;
    private final Map<String, String> env;
    private final Duration timeout;

    NpmInstaller(Path installDir, Map<String, String> env, Duration timeout) {
        this.installDir = installDir;
        this.env = env;
        this.timeout = timeout;
    }

    /** Whether every spec's package is in {@code node_modules} at exactly the spec's version. */
    boolean present(Collection<String> specs) {
        return specs.stream().allMatch(this::present);
    }

    private boolean present(String spec) {
        Path manifest = installDir.resolve("node_modules").resolve(packageName(spec)).resolve("package.json");
        if (!Files.isRegularFile(manifest)) {
            return false;
        }
        try {
            JsonNode version = JSON.readTree(manifest.toFile()).get("version");
            return version != null && version.asText().equals(version(spec));
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code typescript} of {@code typescript@5.9.3}, {@code @scope/pkg} of {@code @scope/pkg@1.0.0}. */
    static String packageName(String spec) {
        int at = spec.lastIndexOf('@');
        return at > 0 ? spec.substring(0, at) : spec;
    }

    /** {@code 5.9.3} of {@code typescript@5.9.3}; empty when the spec pins none. */
    static String version(String spec) {
        int at = spec.lastIndexOf('@');
        return at > 0 ? spec.substring(at + 1) : "";
    }

    /**
     * Runs {@code npm install} once for {@code specs}; every line it prints goes to {@code output}.
     * {@code --save-exact} keeps the folder's {@code package.json} on the pinned versions, so a
     * later run for other servers does not move these.
     */
    void install(Collection<String> specs, Consumer<String> output) throws PackageInstallException, InterruptedException {
        String path = env.getOrDefault("PATH", "");
        Path npm = InstallProcess.onPath("npm", path).orElseThrow(() -> new PackageInstallException(
                "npm is not installed: install Node.js 20 or newer with npm, then install again"));
        try {
            Files.createDirectories(installDir);
        } catch (IOException e) {
            throw new PackageInstallException("Cannot create the install folder: " + e.getMessage());
        }
        List<String> command = new ArrayList<>(List.of(npm.toString(), "install", "--no-audit", "--no-fund", "--save-exact",
                "--prefix", installDir.toString()));
        command.addAll(specs);
        InstallProcess.Outcome outcome = InstallProcess.run(command, installDir, env, timeout, output);
        if (outcome.exitCode() != 0) {
            List<String> errors = outcome.tail().stream().filter(l -> l.startsWith("npm error") || l.startsWith("npm ERR!")).toList();
            List<String> shown = errors.isEmpty() ? outcome.tail() : errors;
            throw new PackageInstallException("npm install failed (exit code " + outcome.exitCode() + ")"
                    + (shown.isEmpty() ? "" : ": " + String.join(" | ", shown.subList(Math.max(0, shown.size() - ERROR_LINES), shown.size()))));
        }
    }
}
