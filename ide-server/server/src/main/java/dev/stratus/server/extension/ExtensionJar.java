package dev.stratus.server.extension;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * An extension jar copied into the host's cache, with its {@code lib/*.jar} unpacked beside it:
 * the class loader reads the copy, so replacing or deleting the installed file never pulls
 * classes from under a running extension.
 *
 * @param source the jar as found (built-in or installed)
 * @param copy the cached copy the class loader reads
 * @param libraries the unpacked {@code lib/*.jar}
 */
record ExtensionJar(Path source, Path copy, List<Path> libraries, ExtensionManifest manifest) {
    private static final long MAX_MANIFEST_BYTES = 256 * 1024;
    private static final long MAX_FRONTEND_FILE_BYTES = 16L << 20;

    /** Reads only the manifest (for listing and installing). */
    static ExtensionManifest readManifest(Path jar) throws InvalidExtensionException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry(ExtensionManifest.FILE);
            if (entry == null) {
                throw new InvalidExtensionException("No " + ExtensionManifest.FILE + " at the root of " + jar.getFileName());
            }
            if (entry.getSize() > MAX_MANIFEST_BYTES) {
                throw new InvalidExtensionException(ExtensionManifest.FILE + " is larger than 256 KiB");
            }
            try (InputStream in = zip.getInputStream(entry)) {
                return ExtensionManifest.parse(in.readNBytes((int) MAX_MANIFEST_BYTES + 1));
            }
        } catch (IOException e) {
            throw new InvalidExtensionException(jar.getFileName() + " is not a readable jar: " + e.getMessage(), e);
        }
    }

    /** Copies {@code jar} into {@code cacheRoot} (once per content) and unpacks its libraries. */
    static ExtensionJar open(Path jar, Path cacheRoot) throws InvalidExtensionException {
        ExtensionManifest manifest = readManifest(jar);
        try {
            String hash = sha256(jar).substring(0, 16);
            Path dir = cacheRoot.resolve(manifest.id() + "-" + hash);
            Path copy = dir.resolve("extension.jar");
            Path libDir = dir.resolve("lib");
            if (!Files.exists(dir.resolve("complete"))) {
                Path tmp = Files.createDirectories(cacheRoot).resolve(".tmp-" + manifest.id() + "-" + hash + "-" + System.nanoTime());
                Files.createDirectories(tmp.resolve("lib"));
                Files.copy(jar, tmp.resolve("extension.jar"));
                unpackLibraries(tmp.resolve("extension.jar"), tmp.resolve("lib"));
                Files.createFile(tmp.resolve("complete"));
                try {
                    Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    if (!Files.exists(dir.resolve("complete"))) {
                        throw e;
                    }
                    deleteTree(tmp); // another host process unpacked the same jar first
                }
            }
            List<Path> libs = new ArrayList<>();
            try (var s = Files.list(libDir)) {
                s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().forEach(libs::add);
            }
            return new ExtensionJar(jar, copy, List.copyOf(libs), manifest);
        } catch (IOException e) {
            throw new InvalidExtensionException("Cannot unpack " + jar.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /** The class path of the extension's class loader: its jar, then its libraries. */
    URL[] classPath() {
        List<URL> urls = new ArrayList<>();
        try {
            urls.add(copy.toUri().toURL());
            for (Path lib : libraries) {
                urls.add(lib.toUri().toURL());
            }
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
        return urls.toArray(URL[]::new);
    }

    /** A file of the jar's {@code frontend/} folder, if there is one with that exact name. */
    Optional<byte[]> frontendFile(String path) throws IOException {
        if (path.isEmpty() || path.contains("..") || path.contains("\\") || path.startsWith("/") || path.endsWith("/")) {
            return Optional.empty();
        }
        try (ZipFile zip = new ZipFile(copy.toFile())) {
            ZipEntry entry = zip.getEntry("frontend/" + path);
            if (entry == null || entry.isDirectory() || entry.getSize() > MAX_FRONTEND_FILE_BYTES) {
                return Optional.empty();
            }
            try (InputStream in = zip.getInputStream(entry)) {
                return Optional.of(in.readAllBytes());
            }
        }
    }

    private static void unpackLibraries(Path jar, Path libDir) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            var entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                String name = e.getName();
                // Only lib/<name>.jar directly: no folders, no traversal out of lib/.
                if (e.isDirectory() || !name.startsWith("lib/") || !name.endsWith(".jar")
                        || name.indexOf('/', 4) >= 0 || name.contains("..") || name.contains("\\")) {
                    continue;
                }
                try (InputStream in = zip.getInputStream(e)) {
                    Files.copy(in, libDir.resolve(name.substring(4)));
                }
            }
        }
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a cache folder left behind is removed at the next start
                }
            });
        } catch (IOException ignored) {
            // as above
        }
    }
}
