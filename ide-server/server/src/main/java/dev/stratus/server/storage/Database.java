package dev.stratus.server.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The metadata database: an embedded H2 file in the data dir, its schema kept by Flyway
 * migrations ({@code db/migration}). The database is opened with {@code AUTO_SERVER} so that CLI
 * commands ({@code stratus token create}) work while the server runs; its password is random,
 * generated at first start and kept in a file only the owner can read.
 */
public final class Database implements AutoCloseable {
    private final JdbcConnectionPool pool;

    private Database(JdbcConnectionPool pool) {
        this.pool = pool;
    }

    /** Opens (creating if needed) and migrates the database in {@code dataDir}. */
    public static Database open(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            String password = password(dataDir.resolve("db.secret"));
            String url = "jdbc:h2:file:" + dataDir.resolve("stratus").toAbsolutePath()
                    + ";AUTO_SERVER=TRUE";
            JdbcConnectionPool pool = JdbcConnectionPool.create(url, "stratus", password);
            pool.setMaxConnections(16);
            Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
            return new Database(pool);
        } catch (IOException e) {
            throw new StorageException("Cannot open the data dir " + dataDir + ": " + e.getMessage(), e);
        }
    }

    private static String password(Path file) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file).trim();
        }
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        String secret = HexFormat.of().formatHex(bytes);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, secret);
        return secret;
    }

    /** A pooled connection; close it to return it. */
    public Connection connection() {
        try {
            return pool.getConnection();
        } catch (SQLException e) {
            throw new StorageException("Database unavailable", e);
        }
    }

    @Override
    public void close() {
        pool.dispose();
    }
}
