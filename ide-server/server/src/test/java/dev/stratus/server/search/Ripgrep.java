package dev.stratus.server.search;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real ripgrep with the options that give the index's file set: ignore files honoured
 * without a git repository ({@code --no-require-git}), only those inside the workspace
 * ({@code --no-ignore-parent}, {@code --no-ignore-global}), hidden files searched but never
 * {@code .git}, and the 1 MiB size limit.
 */
final class Ripgrep {
    private Ripgrep() {
    }

    static TreeSet<String> lines(Path workspace, String pattern, List<String> flags, List<String> include, List<String> exclude)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("rg", "--null", "-n", "--no-heading", "--with-filename", "--color", "never",
                "--hidden", "--no-require-git", "--no-ignore-parent", "--no-ignore-global", "--no-config",
                "--max-filesize", "1M", "-g", "!.git"));
        cmd.addAll(flags);
        include.forEach(g -> cmd.addAll(List.of("-g", g)));
        exclude.forEach(g -> cmd.addAll(List.of("-g", "!" + g)));
        cmd.addAll(List.of("-e", pattern, "./"));
        Process p = new ProcessBuilder(cmd).directory(workspace.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(out);
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("rg did not finish");
        }
        if (p.exitValue() > 1) {
            throw new AssertionError("rg failed with " + p.exitValue() + " for " + cmd);
        }
        TreeSet<String> result = new TreeSet<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            int nul = line.indexOf('\0');
            if (nul < 0) {
                continue;
            }
            String path = line.substring(0, nul);
            if (path.startsWith("./")) {
                path = path.substring(2);
            }
            int colon = line.indexOf(':', nul);
            result.add(path + ":" + Integer.parseInt(line.substring(nul + 1, colon)));
        }
        return result;
    }
}
