package dev.stratus.server.extension;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * The server's {@code stratus.yaml}, read again on each use. Extensions get the top-level section
 * their manifest names, as it read at their activation ({@link Section}); an edit of that section
 * activates them again ({@link ConfigFileWatcher}). The host reads {@code extensions:}:
 * <pre>
 * extensions:
 *   disabledAliases: [ai-assistant]   # built-in extensions whose /v1-style aliases are off
 * </pre>
 */
final class ServerConfigFile {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Path file;
    /** The last {@link #disabledAliases()} answer and the file version it was read from. */
    private volatile Aliases aliases;
    /** The disabled aliases of the last version that could be read; null before one could. */
    private volatile Set<String> lastReadAliases;

    private record Aliases(Version version, Set<String> disabled) {
    }

    /**
     * What tells one state of the file from another: its inode (file key), size and modification
     * time; {@link #NONE} when there is no file.
     */
    record Version(Object fileKey, long size, FileTime modified) {
        static final Version NONE = new Version(null, -1, null);
    }

    /**
     * One extension's section as it read at a moment: the section ({@code null} when the file
     * has none), or why the file could not be read. Two are equal when the parsed sections are
     * (a comment or another section edited leaves it equal).
     */
    record Section(JsonNode value, String problem) {
        /** The section {@code name} of a file's tree ({@code null} for no file). */
        static Section of(JsonNode root, String name) {
            JsonNode v = root == null ? null : root.get(name);
            return new Section(v == null || v.isNull() || v.isMissingNode() ? null : v, null);
        }

        /** The section as {@link dev.stratus.extension.api.ExtensionContext#configuration()} answers it. */
        Optional<String> json() {
            if (problem != null) {
                throw new IllegalStateException(problem);
            }
            return Optional.ofNullable(value).map(JsonNode::toString);
        }
    }

    ServerConfigFile(Path file) {
        this.file = file;
    }

    /** The whole file as a tree; empty when there is no file. */
    Optional<JsonNode> read() throws InvalidExtensionException {
        if (file == null || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode root = YAML.readTree(file.toFile());
            if (root == null || root.isMissingNode() || root.isNull()) {
                return Optional.empty();
            }
            if (!root.isObject()) {
                throw new InvalidExtensionException(file.getFileName() + " must be a mapping of sections");
            }
            return Optional.of(root);
        } catch (IOException e) {
            throw new InvalidExtensionException(file.getFileName() + " cannot be read: " + why(e), e);
        }
    }

    /**
     * What is wrong with the file and where: the YAML parser's problem at its line and column,
     * never the excerpt of the file its message quotes (the line may hold a key pasted in the
     * wrong place, and this text reaches the log and every user's panel).
     */
    static String why(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException m && m.getProblemMark() != null) {
                String problem = m.getProblem() != null ? m.getProblem() : String.valueOf(m.getContext());
                String within = m.getContext() == null || m.getProblem() == null ? ""
                        : " (" + m.getContext() + (m.getContextMark() == null ? "" : " at " + at(m.getContextMark())) + ")";
                return at(m.getProblemMark()) + ": " + problem + within;
            }
        }
        String first = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        first = first == null ? e.getClass().getSimpleName() : first.lines().findFirst().orElse("");
        if (e instanceof JsonProcessingException j && j.getLocation() != null && j.getLocation().getLineNr() > 0) {
            return "line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr() + ": " + first;
        }
        return first;
    }

    /**
     * Notes a version of the file that was read well (null: no file), whose disabled aliases then
     * hold while a later version cannot be read; returns them.
     */
    Set<String> readWell(JsonNode root) {
        Set<String> out = new HashSet<>();
        if (root != null) {
            root.path("extensions").path("disabledAliases").forEach(n -> out.add(n.asText()));
        }
        Set<String> disabled = Set.copyOf(out);
        lastReadAliases = disabled;
        return disabled;
    }

    private static String at(Mark mark) {
        return "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
    }

    /** A top-level section as it reads now, or why the file cannot be read. */
    Section currentSection(String name) {
        try {
            return Section.of(read().orElse(null), name);
        } catch (InvalidExtensionException e) {
            return new Section(null, e.getMessage());
        }
    }

    /** The file this is. */
    Path path() {
        return file;
    }

    /**
     * The file's version now: {@link Version#NONE} when there is none.
     *
     * @throws IOException when it cannot be told
     */
    Version version() throws IOException {
        try {
            BasicFileAttributes a = file == null ? null : Files.readAttributes(file, BasicFileAttributes.class);
            return a == null ? Version.NONE : new Version(a.fileKey(), a.size(), a.lastModifiedTime());
        } catch (NoSuchFileException e) {
            return Version.NONE;
        }
    }

    /**
     * Extensions whose aliases the administrator turned off. Asked on every aliased request, so
     * the file is read again only when it changed (its inode, size or modification time). While
     * the file is not YAML, the last version that was says; when none was, every alias is off.
     */
    Set<String> disabledAliases() {
        Version version;
        try {
            version = version();
        } catch (IOException e) {
            version = null; // cannot tell: read it
        }
        Aliases known = aliases;
        if (version != null && known != null && known.version().equals(version)) {
            return known.disabled();
        }
        Set<String> disabled;
        try {
            disabled = readWell(read().orElse(null));
        } catch (InvalidExtensionException e) {
            // A save halfway through an edit keeps what the last good version said, as running extensions keep
            // their sections; a file never read well turns every alias off rather than guess.
            Set<String> last = lastReadAliases;
            disabled = last != null ? last : Set.of("*");
        }
        if (version != null) {
            aliases = new Aliases(version, disabled);
        }
        return disabled;
    }
}
