package dev.stratus.server.search;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A generated workspace for parity tests: a few hundred source files across folders with mixed
 * case, Unicode (including characters outside the BMP), CRLF and BOM files, ignore files of
 * every kind (root and nested, with negations and anchors), ignored folders, hidden files, a
 * {@code .git} folder, a binary file, files just under, at and over the size limit, an empty
 * file and a symlink. The same seed gives the same tree.
 */
final class SearchCorpus {
    static final List<String> WORDS = List.of("alpha", "Alpha", "ALPHA", "alphabet", "alphanumeric", "beta", "gamma",
            "fooBar", "FooBar", "FOOBAR", "foobar", "foo_bar", "foo-bar", "über", "ÜBER", "grüße", "GRÜßE", "日本語", "😀smile",
            "naïve", "café", "CAFÉ", "Straße", "σίσυφος", "ΣΊΣΥΦΟΣ", "public", "class", "return", "colour", "color",
            "555-1234", "a.b(c)", "x1", "x22", "omega", "Omega", "needle", "haystack", "TODO:", "void", "int", "0xdeadbeef");
    private static final String[] DIRS = {"src/main/java/app", "src/main/java/app/util", "src/test/java/app", "web/src",
            "web/src/components", "web/dist", "lib", "docs", "docs/api/generated", "docs/guide", "sub", "sub/nested",
            "build/classes", "node_modules/pkg", "scripts", ".config"};
    private static final String[] EXTS = {".java", ".ts", ".js", ".py", ".go", ".c", ".h", ".md", ".txt", ".log", ".tmp"};

    private SearchCorpus() {
    }

    static void generate(Path ws, long seed, int files) throws IOException {
        Random r = new Random(seed);
        for (String d : DIRS) {
            Files.createDirectories(ws.resolve(d));
        }
        for (int i = 0; i < files; i++) {
            String dir = DIRS[r.nextInt(DIRS.length)];
            String name = "file" + i + EXTS[r.nextInt(EXTS.length)];
            Files.writeString(ws.resolve(dir).resolve(name), text(r, 5 + r.nextInt(60)));
        }
        Files.writeString(ws.resolve(".gitignore"), String.join("\n", "# build output", "build/", "*.log", "!keep.log",
                "/secret.txt", "node_modules", "docs/**/generated/", "") );
        Files.writeString(ws.resolve("sub/.gitignore"), "*.tmp\n!important.tmp\n/local-only.txt\n");
        Files.writeString(ws.resolve("web/.ignore"), "dist/\n");
        Files.writeString(ws.resolve("sub/nested/.ignore"), "!*.tmp\n");
        Files.writeString(ws.resolve("keep.log"), "alpha kept despite *.log\n");
        Files.writeString(ws.resolve("drop.log"), "alpha dropped\n");
        Files.writeString(ws.resolve("secret.txt"), "alpha anchored secret\n");
        Files.writeString(ws.resolve("docs/secret.txt"), "alpha not anchored here\n");
        Files.writeString(ws.resolve("sub/important.tmp"), "alpha important\n");
        Files.writeString(ws.resolve("sub/local-only.txt"), "alpha local\n");
        Files.writeString(ws.resolve("sub/nested/local-only.txt"), "alpha nested local\n");
        Files.writeString(ws.resolve("sub/nested/re-included.tmp"), "alpha re-included by .ignore\n");
        Files.createDirectories(ws.resolve(".git/info"));
        Files.writeString(ws.resolve(".git/config"), "[core]\n\talpha = needle\n");
        Files.writeString(ws.resolve(".git/info/exclude"), "excluded-by-info.txt\n");
        Files.writeString(ws.resolve("excluded-by-info.txt"), "alpha needle\n");
        Files.writeString(ws.resolve(".env.example"), "ALPHA=needle\nFOOBAR=1\n");
        Files.writeString(ws.resolve("crlf.txt"), "alpha\r\nfooBar at end\r\nneedle$\r\n");
        byte[] bom = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};
        Files.write(ws.resolve("bom.txt"), concat(bom, "alpha after bom\nbeta\n".getBytes(StandardCharsets.UTF_8)));
        Files.write(ws.resolve("empty.txt"), new byte[0]);
        Files.write(ws.resolve("lib/data.bin"), concat(new byte[] {0, 1, 2, 3}, "alpha needle in binary\n".getBytes(StandardCharsets.UTF_8)));
        Files.writeString(ws.resolve("lib/big.txt"), filler("alpha big needle\n", (1 << 20) + 4096));
        Files.writeString(ws.resolve("lib/under-limit.txt"), filler("alpha under needle\n", (1 << 20) - 100));
        Files.writeString(ws.resolve("lib/at-limit.txt"), filler("alpha at needle\n", 1 << 20));
        Files.writeString(ws.resolve("lib/long-line.txt"), "start " + "x".repeat(5000) + " needle alpha end\n");
        Files.writeString(ws.resolve("lib/no-final-newline.txt"), "alpha\nneedle");
        Files.createSymbolicLink(ws.resolve("lib/link-to-keep.log"), Path.of("../keep.log"));
    }

    /** ASCII text of exactly {@code bytes} bytes: {@code line} first and last, filler lines between. */
    private static String filler(String line, int bytes) {
        StringBuilder sb = new StringBuilder(bytes).append(line);
        String pad = "-".repeat(99) + "\n";
        while (sb.length() + pad.length() + line.length() <= bytes) {
            sb.append(pad);
        }
        while (sb.length() + line.length() < bytes) {
            sb.append('.');
        }
        return sb.append(line).toString();
    }

    static String text(Random r, int lines) {
        StringBuilder sb = new StringBuilder();
        for (int l = 0; l < lines; l++) {
            int kind = r.nextInt(10);
            if (kind == 0) {
                sb.append("public class ").append(capitalized(r)).append(" {");
            } else if (kind == 1) {
                sb.append("    return ").append(r.nextInt(1000)).append("-").append(1000 + r.nextInt(9000)).append(';');
            } else if (kind == 2) {
                sb.append("  ").append(WORDS.get(r.nextInt(WORDS.size())));
            } else {
                int words = 1 + r.nextInt(8);
                for (int w = 0; w < words; w++) {
                    if (w > 0) {
                        sb.append(r.nextInt(5) == 0 ? "." : " ");
                    }
                    sb.append(r.nextInt(3) == 0 ? capitalized(r) : WORDS.get(r.nextInt(WORDS.size())));
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String capitalized(Random r) {
        String w = WORDS.get(r.nextInt(WORDS.size()));
        return Character.toUpperCase(w.charAt(0)) + w.substring(1) + r.nextInt(100);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
