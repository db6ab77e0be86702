package dev.stratus.ai.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A deployment's {@code apiKeyFile}, read: the key it holds, its ends trimmed, or what is wrong
 * with it in words that never quote the file's text. Read when the assistant starts, and again
 * when a provider refuses the key (a mounted Secret or a Vault agent rewrites the file on rotation).
 *
 * @param key the key, one word; null when {@code problem} says why there is none
 * @param problem what is wrong with the file, for people ("cannot be read (no such file)"); null with a key
 */
public record KeyFile(String key, String problem) {

    /** Reads {@code file}; never throws. */
    public static KeyFile read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException | RuntimeException e) {
            return new KeyFile(null, "the file named in apiKeyFile cannot be read ("
                    + (e instanceof NoSuchFileException ? "no such file"
                    : e instanceof AccessDeniedException ? "permission denied" : "an I/O error") + ")");
        }
        if (!oneWord(text)) {
            return new KeyFile(null, "the key in the file named in apiKeyFile is empty or holds spaces or control characters");
        }
        return new KeyFile(text, null);
    }

    /**
     * Whether {@code key} can go out in a header as it is: not empty, no spaces nor control
     * characters (a key with them would make the HTTP client refuse the request with the header,
     * key included, in its message).
     */
    static boolean oneWord(String key) {
        return !key.isEmpty() && key.chars().noneMatch(ch -> ch <= ' ' || ch == 0x7f);
    }

    /** Never prints the key. */
    @Override
    public String toString() {
        return key == null ? "KeyFile[" + problem + "]" : "KeyFile[a key]";
    }
}
