package dev.stratus.server.extension;

import dev.stratus.extension.api.Extension;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.ToolProvider;

/** Builds real extension jars for tests: Java sources compiled against the API, packed with a manifest. */
final class TestJars {
    private TestJars() {
    }

    /** A jar under construction. */
    static final class Builder {
        private final Path work;
        private final Map<String, String> sources = new LinkedHashMap<>();
        private final Map<String, byte[]> entries = new LinkedHashMap<>();
        private final List<Path> classPath = new ArrayList<>();

        private Builder(Path work) {
            this.work = work;
        }

        /** A Java source file, by fully qualified class name. */
        Builder source(String className, String code) {
            sources.put(className, code);
            return this;
        }

        Builder manifest(String json) {
            return entry("stratus-extension.json", json.getBytes(StandardCharsets.UTF_8));
        }

        Builder entry(String name, byte[] bytes) {
            entries.put(name, bytes);
            return this;
        }

        Builder entry(String name, String text) {
            return entry(name, text.getBytes(StandardCharsets.UTF_8));
        }

        /** A library to compile against, and to bundle as {@code lib/<name>}. */
        Builder library(Path jar) {
            classPath.add(jar);
            try {
                return entry("lib/" + jar.getFileName(), Files.readAllBytes(jar));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Compiles and writes the jar. */
        Path build(Path jar) throws IOException {
            Path src = Files.createTempDirectory(work, "src");
            Path classes = Files.createTempDirectory(work, "classes");
            List<String> files = new ArrayList<>();
            for (var e : sources.entrySet()) {
                Path f = src.resolve(e.getKey().replace('.', '/') + ".java");
                Files.createDirectories(f.getParent());
                Files.writeString(f, e.getValue());
                files.add(f.toString());
            }
            if (!files.isEmpty()) {
                List<String> cp = new ArrayList<>(List.of(apiClassPath().toString()));
                classPath.forEach(p -> cp.add(p.toString()));
                List<String> args = new ArrayList<>(List.of("--release", "21", "-proc:none", "-d", classes.toString(),
                        "-cp", String.join(java.io.File.pathSeparator, cp)));
                args.addAll(files);
                int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new));
                if (rc != 0) {
                    throw new IllegalStateException("Compiling the test extension failed");
                }
            }
            Files.createDirectories(jar.getParent());
            try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
                for (var e : entries.entrySet()) {
                    j.putNextEntry(new JarEntry(e.getKey()));
                    j.write(e.getValue());
                    j.closeEntry();
                }
                try (Stream<Path> walk = Files.walk(classes)) {
                    for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                        j.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                        j.write(Files.readAllBytes(p));
                        j.closeEntry();
                    }
                }
            }
            return jar;
        }
    }

    static Builder builder(Path work) {
        return new Builder(work);
    }

    /** Where the API's classes are (its jar, or its classes folder in a reactor build). */
    static Path apiClassPath() {
        try {
            return Path.of(Extension.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A standard manifest: {@code id}, main class {@code test.<id-without-dashes>.Main},
     * the given permissions, activation events and contributions (JSON members, or empty).
     */
    static String manifest(String id, String api, String permissions, String events, String contributes) {
        return """
                {"id": "%s", "name": "Test %s", "version": "1.0.0", "api": "%s",
                 "main": "test.%s.Main", "permissions": [%s], "activationEvents": [%s],
                 "contributes": {%s}}
                """.formatted(id, id, api, id.replace("-", ""), permissions, events, contributes);
    }
}
