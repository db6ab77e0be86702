package dev.stratus.server.auth;

import dev.stratus.server.storage.Jdbc;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users, API tokens, one-time login links and sessions in the metadata database. Only hashes of
 * secrets are stored; a secret is shown once, when it is created.
 */
public final class JdbcAuthService implements Authenticator, AutoCloseable {
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
     * How often the tokens in use are checked again in the background ({@link #recheckTokensInUse}),
     * half their trust, so that a token in use is never checked on a request's path: not in steady
     * use (one request in ten of a client sending one a second waited for the check before it ran
     * in the background), and not after a pause longer than the trust either (a client's first
     * request after a pause waited 3-8 ms for it here; H2's query alone took 1.3-3 ms, its code
     * cold). Trust still lasts {@link #VERIFIED_TOKEN_TTL} from the start of the last check that
     * found the token.
     */
    static final Duration RECHECK_INTERVAL = Duration.ofSeconds(5);
    /** A remembered token unused for this long is forgotten, no longer checked; its next use asks the database. */
    static final Duration IN_USE = Duration.ofMinutes(10);
    /** Tokens remembered at most; past this the memory is cleared (never grows without bound). */
    static final int VERIFIED_TOKENS_MAX = 10_000;
    /** Tokens checked again per query. */
    private static final int RECHECK_BATCH = 100;
    /** The recorded use of a token whose use the next background check is to write. */
    private static final Instant NOT_RECORDED = Instant.EPOCH;
    /** Last use is written at this resolution: a token used on every request writes once a minute, not per request. */
    private static final Duration LAST_USE_RESOLUTION = Duration.ofSeconds(60);

    private final Jdbc jdbc;
    private final AuthConfig config;
    private final Clock clock;
    /** Token hash -> its owner as last read from the database, and when that was asked. */
    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();
    /** Runs {@link #recheckTokensInUse} once {@link #keepTokensInUseVerified} started it; null before. */
    private volatile ScheduledExecutorService rechecks;
    /** Whether the background checks write a token's first use too, so a request need not. */
    private volatile boolean firstUseByRechecks;

    /**
     * A token the database knew. Its {@link #lastUsed} is set by each request; {@link #recordedUse}
     * is the last use written to the database.
     */
    private static final class Verified {
        final Principal principal;
        /** When the database was asked (trusted until {@link #VERIFIED_TOKEN_TTL} after). */
        final Instant checked;
        volatile Instant lastUsed;
        volatile Instant recordedUse;

        Verified(Principal principal, Instant checked, Instant lastUsed, Instant recordedUse) {
            this.principal = principal;
            this.checked = checked;
            this.lastUsed = lastUsed;
            this.recordedUse = recordedUse;
        }
    }

    public JdbcAuthService(Jdbc jdbc, AuthConfig config, Clock clock) {
        this.jdbc = jdbc;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Starts checking the tokens in use again every {@link #RECHECK_INTERVAL}, on a thread of its
     * own, until {@link #close}. A server calls this; a command that verifies a token once does not.
     */
    public void keepTokensInUseVerified() {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                .name("token-recheck").daemon().factory());
        long every = RECHECK_INTERVAL.toMillis();
        timer.scheduleWithFixedDelay(() -> {
            try {
                recheckTokensInUse();
            } catch (RuntimeException e) {
                // The tokens run out as they would have; a request then asks the database itself.
                LOG.debug("Checking the API tokens in use failed: {}", e.getMessage());
            }
        }, every, every, TimeUnit.MILLISECONDS);
        rechecks = timer;
        leaveFirstUsesToRechecks();
    }

    /**
     * From now on a token's first use (or its first since it was forgotten) is written by the next
     * background check, within {@link #RECHECK_INTERVAL}, not on the request's path: the request
     * then needs one query, not two. Last use is kept at minute resolution anyway.
     */
    void leaveFirstUsesToRechecks() {
        firstUseByRechecks = true;
    }

    /** Stops the background checks. */
    @Override
    public void close() {
        ScheduledExecutorService timer = rechecks;
        if (timer != null) {
            timer.shutdownNow();
        }
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
        if (known != null && now.isBefore(known.checked.plus(VERIFIED_TOKEN_TTL))) {
            known.lastUsed = now;
            return Optional.of(known.principal);
        }
        return check(hash, now);
    }

    /**
     * Asks the database about a token on a request's path and remembers the answer; records the
     * use too unless the background checks will ({@link #leaveFirstUsesToRechecks}).
     */
    private Optional<Principal> check(String hash, Instant asked) {
        Optional<Principal> p = jdbc.one("""
                SELECT u.id, u.name, u.role FROM api_tokens t JOIN users u ON u.id = t.user_id
                WHERE t.token_hash = ?""",
                rs -> new Principal(rs.getString(1), rs.getString(2), rs.getString(3), false), hash);
        if (p.isEmpty()) {
            verified.remove(hash);
            return p;
        }
        Instant recorded = NOT_RECORDED;
        if (!firstUseByRechecks) {
            recordUse(hash, asked);
            recorded = asked;
        }
        if (verified.size() >= VERIFIED_TOKENS_MAX) {
            verified.clear();
        }
        verified.put(hash, new Verified(p.get(), asked, asked, recorded));
        return p;
    }

    /**
     * Asks the database again about every token used within {@link #IN_USE}, a hundred per query,
     * and forgets the others: a token the database no longer has is refused from then on, one it
     * still has is trusted for {@link #VERIFIED_TOKEN_TTL} from the moment it was asked. Writes
     * the last use of each (at minute resolution).
     */
    void recheckTokensInUse() {
        Instant asked = now();
        List<String> inUse = new ArrayList<>();
        verified.forEach((hash, v) -> {
            if (v.lastUsed.isBefore(asked.minus(IN_USE))) {
                verified.remove(hash, v);
            } else {
                inUse.add(hash);
            }
        });
        for (int from = 0; from < inUse.size(); from += RECHECK_BATCH) {
            List<String> batch = inUse.subList(from, Math.min(inUse.size(), from + RECHECK_BATCH));
            Map<String, Principal> found = new HashMap<>();
            jdbc.list("SELECT t.token_hash, u.id, u.name, u.role FROM api_tokens t JOIN users u ON u.id = t.user_id"
                            + " WHERE t.token_hash IN (" + "?, ".repeat(batch.size() - 1) + "?)",
                    rs -> found.put(rs.getString(1), new Principal(rs.getString(2), rs.getString(3), rs.getString(4), false)),
                    batch.toArray());
            for (String hash : batch) {
                Principal p = found.get(hash);
                // An entry checked since this query was asked is newer than its answer and stays.
                verified.computeIfPresent(hash, (h, v) -> v.checked.isAfter(asked) ? v
                        : p == null ? null : new Verified(p, asked, v.lastUsed, v.recordedUse));
            }
        }
        for (String hash : inUse) {
            Verified v = verified.get(hash);
            Instant used = v == null ? null : v.lastUsed;
            if (used != null && !used.isBefore(v.recordedUse.plus(LAST_USE_RESOLUTION))) {
                recordUse(hash, used);
                v.recordedUse = used;
            }
        }
    }

    private void recordUse(String hash, Instant used) {
        jdbc.update("UPDATE api_tokens SET last_used_at = ? WHERE token_hash = ? AND (last_used_at IS NULL OR last_used_at < ?)",
                used, hash, used.minus(LAST_USE_RESOLUTION));
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
