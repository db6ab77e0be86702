package dev.stratus.ai.governance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The audit log's head witness: beside {@code audit.jsonl}, {@code audit.head} holds the last
 * record's {@code seq} and {@code hash} with an HMAC-SHA256 under {@code audit.key} (32 random
 * bytes, owner-only, made on first use). A hash chain alone cannot show that records were
 * removed from its end; the witness can, unless whoever removed them also holds the key. Copy
 * the key somewhere safe to check logs elsewhere.
 *
 * @param seq the last record's sequence number
 * @param hash the last record's hash
 */
public record AuditHead(long seq, String hash) {
    static final String HEAD_FILE = "audit.head";
    static final String KEY_FILE = "audit.key";

    /** The witness file beside {@code log}. */
    static Path headFile(Path log) {
        return log.toAbsolutePath().resolveSibling(HEAD_FILE);
    }

    /** The key file beside {@code log}. */
    static Path keyFile(Path log) {
        return log.toAbsolutePath().resolveSibling(KEY_FILE);
    }

    /** The key beside {@code log}, created (owner read/write only) if there is none. */
    static byte[] loadOrCreateKey(Path log) throws IOException {
        Path file = keyFile(log);
        if (!Files.exists(file)) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Path tmp = file.resolveSibling(KEY_FILE + ".tmp");
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(tmp);
            }
            Files.writeString(tmp, HexFormat.of().formatHex(key) + "\n");
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                Files.deleteIfExists(tmp); // another process made one first: use that
            }
        }
        return readKey(file).orElseThrow(() -> new IOException("the audit key " + file + " is not 64 hex digits"));
    }

    /** The key in {@code file}, empty if it is missing or malformed. */
    static Optional<byte[]> readKey(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (!text.matches("[0-9a-f]{64}")) {
            return Optional.empty();
        }
        return Optional.of(HexFormat.of().parseHex(text));
    }

    String mac(byte[] key) {
        return mac(newMac(key));
    }

    /** This witness's MAC under {@code mac} (which is reset after). */
    String mac(Mac mac) {
        return HexFormat.of().formatHex(mac.doFinal((seq + ":" + hash).getBytes(StandardCharsets.UTF_8)));
    }

    /** An HMAC-SHA256 under {@code key}, to be used by one thread at a time. */
    static Mac newMac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Writes the witness beside {@code log}, replacing the old one in one step. */
    void write(Path log, byte[] key) throws IOException {
        write(log, newMac(key));
    }

    /** As {@link #write(Path, byte[])}, with the key's MAC already made (and used by this thread only). */
    void write(Path log, Mac mac) throws IOException {
        ObjectNode node = CanonicalJson.JSON.createObjectNode().put("seq", seq).put("hash", hash).put("mac", mac(mac));
        Path file = headFile(log);
        Path tmp = file.resolveSibling(HEAD_FILE + ".tmp");
        Files.writeString(tmp, CanonicalJson.write(node) + "\n", StandardCharsets.UTF_8);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * The witness beside {@code log} if its MAC checks out under {@code key}.
     *
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if it is malformed or its MAC does not match (edited)
     */
    static Optional<AuditHead> read(Path log, byte[] key) throws IOException {
        Path file = headFile(log);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        JsonNode node;
        try {
            node = CanonicalJson.readStrict(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException("the head witness is not valid JSON (or has a key twice)");
        }
        if (node == null || !node.path("seq").isIntegralNumber() || !node.path("hash").isTextual() || !node.path("mac").isTextual()) {
            throw new IllegalArgumentException("the head witness lacks seq, hash or mac");
        }
        AuditHead head = new AuditHead(node.path("seq").asLong(), node.path("hash").asText());
        if (!MessageDigest.isEqual(head.mac(key).getBytes(StandardCharsets.US_ASCII), node.path("mac").asText().getBytes(StandardCharsets.US_ASCII))) {
            throw new IllegalArgumentException("the head witness does not match its MAC: it was edited or written with another key");
        }
        return Optional.of(head);
    }
}
