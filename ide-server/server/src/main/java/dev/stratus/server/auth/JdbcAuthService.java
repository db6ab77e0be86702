package dev.stratus.server.auth;

import dev.stratus.server.storage.Jdbc;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users, API tokens, one-time login links and sessions in the metadata database. Only hashes of
 * secrets are stored; a secret is shown once, when it is created.
 */
public final class JdbcAuthService implements Authenticator {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcAuthService.class);
    /** Minimum length of {@code STRATUS_BOOTSTRAP_TOKEN}. */
    public static final int MIN_BOOTSTRAP_TOKEN_LENGTH = 32;

    /**
     * How long a verified API token is trusted without asking the database again. Every request
     * of a script or gateway client carries its token; one lookup per token per ten seconds
     * keeps the database (and a hop to a blocking thread) off that path. A token deleted from
     * the database by another process stops working within this time.
     */
    static final Duration VERIFIED_TOKEN_TTL = Duration.ofSeconds(10);
    /**
     * How old a token's verification may be before a request that uses it has it checked again
     * in the background (the request itself goes on at once): a token in steady use is then
     * never checked on a request's path. That check took 2-15 ms here (a query and the last-use
     * update), and one request in ten of a client sending one a second waited for it. Trust
     * still lasts {@link #VERIFIED_TOKEN_TTL} from the start of the last check that found the
     * token.
     */
    static final Duration VERIFIED_TOKEN_REFRESH = Duration.ofSeconds(5);
    /** Tokens remembered at most; past this the memory is cleared (never grows without bound). */
    static final int VERIFIED_TOKENS_MAX = 10_000;

    private final Jdbc jdbc;
    private final AuthConfig config;
    private final Clock clock;
    /** Token hash -> its owner as last read from the database, and when that was asked. */
    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();

    /** Runs the background checks of tokens in use. */
    private final Executor checks;

    /**
     * @param checked when the database was asked (trusted until {@link #VERIFIED_TOKEN_TTL} after)
     * @param refreshing set by the request that started this entry's background check
     */
    private record Verified(Principal principal, Instant checked, AtomicBoolean refreshing) {
    }

    public JdbcAuthService(Jdbc jdbc, AuthConfig config, Clock clock) {
        this(jdbc, config, clock, task -> Thread.ofVirtual().name("token-check").start(task));
    }

    /** @param checks runs the background checks of tokens in use (see {@link #VERIFIED_TOKEN_REFRESH}) */
    JdbcAuthService(Jdbc jdbc, AuthConfig config, Clock clock, Executor checks) {
        this.jdbc = jdbc;
        this.config = config;
        this.clock = clock;
        this.checks = checks;
    }

    /** The admin user, created on first start. Returns its id and whether it was just created. */
    public synchronized AdminUser ensureAdmin() {
        Optional<String> existing = jdbc.one("SELECT id FROM users WHERE role = 'admin' ORDER BY created_at",
                rs -> rs.getString(1));
        if (existing.isPresent()) {
            return new AdminUser(existing.get(), false);
        }
        String id = UUID.randomUUID().toString();
        jdbc.update("INSERT INTO users(id, name, role, created_at) VALUES (?, 'admin', 'admin', ?)", id, now());
        return new AdminUser(id, true);
    }

    /** Id of the admin user and whether this start created it. */
    public record AdminUser(String id, boolean created) {
    }

    /** Creates a one-time login token for {@code userId}; returns the secret. */
    public String createLoginToken(String userId) {
        String token = Secrets.random("");
        jdbc.update("DELETE FROM login_tokens WHERE expires_at < ?", now());
        jdbc.update("INSERT INTO login_tokens(token_hash, user_id, expires_at) VALUES (?, ?, ?)",
                Secrets.hash(token), userId, now().plus(config.loginLinkTtl()));
        return token;
    }

    /** Creates an API token for {@code userId}; returns the secret, which is never shown again. */
    public String createApiToken(String userId, String name) {
        String token = Secrets.random("stratus_");
        storeApiToken(userId, name, token);
        return token;
    }

    /**
     * Stores a token chosen by the operator (from {@code STRATUS_BOOTSTRAP_TOKEN}) as an API token
     * of {@code userId}. Refuses tokens shorter than {@value #MIN_BOOTSTRAP_TOKEN_LENGTH} characters.
     */
    public void addBootstrapToken(String userId, String token) {
        if (token.length() < MIN_BOOTSTRAP_TOKEN_LENGTH) {
            throw new IllegalArgumentException("STRATUS_BOOTSTRAP_TOKEN must be at least "
                    + MIN_BOOTSTRAP_TOKEN_LENGTH + " characters long");
        }
        if (jdbc.one("SELECT id FROM api_tokens WHERE token_hash = ?", rs -> rs.getString(1), Secrets.hash(token)).isEmpty()) {
            storeApiToken(userId, "bootstrap", token);
        }
    }

    private void storeApiToken(String userId, String name, String token) {
        jdbc.update("INSERT INTO api_tokens(id, user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                UUID.randomUUID().toString(), userId, name, Secrets.hash(token), now());
    }

    @Override
    public Optional<Principal> bySession(String cookieValue) {
        if (cookieValue == null || cookieValue.isEmpty()) {
            return Optional.empty();
        }
        return jdbc.one("""
                SELECT u.id, u.name, u.role FROM sessions s JOIN users u ON u.id = s.user_id
                WHERE s.id_hash = ? AND s.expires_at > ?""",
                rs -> new Principal(rs.getString(1), rs.getString(2), rs.getString(3), true),
                Secrets.hash(cookieValue), now());
    }

    @Override
    public Optional<Principal> byToken(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        String hash = Secrets.hash(token);
        Verified known = verified.get(hash);
        Instant now = now();
        if (known != null && now.isBefore(known.checked().plus(VERIFIED_TOKEN_TTL))) {
            boolean due = !now.isBefore(known.checked().plus(VERIFIED_TOKEN_REFRESH));
            if (due && known.refreshing().compareAndSet(false, true)) {
                checks.execute(() -> checkInBackground(hash, now, known));
            }
            return Optional.of(known.principal());
        }
        return check(hash, now);
    }

    private void checkInBackground(String hash, Instant asked, Verified known) {
        try {
            check(hash, asked);
        } catch (RuntimeException e) {
            // The entry runs out as it would have; a later request checks again (and waits for it once it ran out).
            known.refreshing().set(false);
            LOG.debug("A background check of an API token failed: {}", e.getMessage());
        }
    }

    /** Asks the database about a token and remembers the answer, trusted from {@code asked}, the time it was asked. */
    private Optional<Principal> check(String hash, Instant asked) {
        Optional<Principal> p = jdbc.one("""
                SELECT u.id, u.name, u.role FROM api_tokens t JOIN users u ON u.id = t.user_id
                WHERE t.token_hash = ?""",
                rs -> new Principal(rs.getString(1), rs.getString(2), rs.getString(3), false), hash);
        if (p.isEmpty()) {
            verified.remove(hash);
            return p;
        }
        // Last use at minute resolution: a token used on every request writes once a minute, not per request.
        jdbc.update("UPDATE api_tokens SET last_used_at = ? WHERE token_hash = ? AND (last_used_at IS NULL OR last_used_at < ?)",
                asked, hash, asked.minusSeconds(60));
        if (verified.size() >= VERIFIED_TOKENS_MAX) {
            verified.clear();
        }
        verified.put(hash, new Verified(p.get(), asked, new AtomicBoolean()));
        return p;
    }

    @Override
    public Optional<NewSession> login(String token) {
        if (token == null || token.isEmpty() || token.length() > 512) {
            return Optional.empty();
        }
        String hash = Secrets.hash(token);
        // The DELETE is the check: of two concurrent uses of one link, only one deletes the row.
        Optional<String> linkUser = jdbc.one("SELECT user_id FROM login_tokens WHERE token_hash = ? AND expires_at > ?",
                rs -> rs.getString(1), hash, now());
        String userId;
        if (linkUser.isPresent() && jdbc.update("DELETE FROM login_tokens WHERE token_hash = ?", hash) == 1) {
            userId = linkUser.get();
        } else {
            userId = byToken(token).map(Principal::userId).orElse(null);
        }
        if (userId == null) {
            return Optional.empty();
        }
        String cookie = Secrets.random("");
        Instant expires = now().plus(config.sessionTtl());
        jdbc.update("DELETE FROM sessions WHERE expires_at < ?", now());
        jdbc.update("INSERT INTO sessions(id_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
                Secrets.hash(cookie), userId, now(), expires);
        Principal principal = jdbc.one("SELECT id, name, role FROM users WHERE id = ?",
                rs -> new Principal(rs.getString(1), rs.getString(2), rs.getString(3), true), userId).orElseThrow();
        return Optional.of(new NewSession(cookie, expires, principal));
    }

    @Override
    public void logout(String cookieValue) {
        if (cookieValue != null && !cookieValue.isEmpty()) {
            jdbc.update("DELETE FROM sessions WHERE id_hash = ?", Secrets.hash(cookieValue));
        }
    }

    private Instant now() {
        return clock.instant();
    }
}
