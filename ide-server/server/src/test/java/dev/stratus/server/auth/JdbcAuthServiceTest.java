package dev.stratus.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.server.storage.Database;
import dev.stratus.server.storage.Jdbc;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcAuthServiceTest {
    @TempDir
    Path dir;

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-11-29T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aVerifiedTokenIsTrustedForTenSecondsThenAskedForAgain() {
        try (Verifying q = new Verifying()) {
            assertThat(q.jdbc.one("SELECT last_used_at FROM api_tokens", rs -> rs.getTimestamp(1))).as("last use recorded").isPresent();

            // Deleted behind the service's back (as another process would): still trusted within the TTL...
            q.jdbc.update("DELETE FROM api_tokens");
            q.clock.advance(JdbcAuthService.VERIFIED_TOKEN_TTL.minusMillis(1));
            assertThat(q.auth.byToken(q.token)).isPresent();
            // ...and refused once it has passed (no background check ran meanwhile).
            q.clock.advance(Duration.ofMillis(1));
            assertThat(q.auth.byToken(q.token)).isEmpty();
            // A refusal is not remembered either: the same token stored again works at once.
            q.auth.addBootstrapToken(q.admin, q.token);
            assertThat(q.auth.byToken(q.token)).get().extracting(Principal::userId).isEqualTo(q.admin);
        }
    }

    /** A service on a clock the test moves, whose background checks run when the test calls them, and a token it verified once. */
    private final class Verifying implements AutoCloseable {
        final ManualClock clock = new ManualClock();
        final Database db = Database.open(dir.resolve("state"));
        final Jdbc jdbc = new Jdbc(db);
        final JdbcAuthService auth = new JdbcAuthService(jdbc, AuthConfig.defaults(), clock);
        final String admin = auth.ensureAdmin().id();
        final String token = auth.createApiToken(admin, "ci");

        Verifying() {
            assertThat(auth.byToken(token)).get().extracting(Principal::userId).isEqualTo(admin);
        }

        /** Moves the clock by {@code d} in steps of the recheck interval, checking again after each as the server would. */
        void idle(Duration d) {
            for (Duration left = d; left.isPositive(); left = left.minus(JdbcAuthService.RECHECK_INTERVAL)) {
                clock.advance(left.compareTo(JdbcAuthService.RECHECK_INTERVAL) < 0 ? left : JdbcAuthService.RECHECK_INTERVAL);
                auth.recheckTokensInUse();
            }
        }

        @Override
        public void close() {
            db.close();
        }
    }

    @Test
    void aTokenInUseIsCheckedAgainInTheBackgroundAndTrustedForTenSecondsFromTheLastCheckThatFoundIt() {
        try (Verifying q = new Verifying()) {
            q.idle(JdbcAuthService.RECHECK_INTERVAL);
            q.jdbc.update("DELETE FROM api_tokens");
            // Ten seconds from that check, not from the first one, the token is still trusted...
            q.clock.advance(JdbcAuthService.VERIFIED_TOKEN_TTL.minusMillis(1));
            assertThat(q.auth.byToken(q.token)).isPresent();
            // ...and then no longer: this request asks the database itself.
            q.clock.advance(Duration.ofMillis(1));
            assertThat(q.auth.byToken(q.token)).isEmpty();
        }
    }

    @Test
    void aTokenUsedBeforeAPauseLongerThanItsTrustIsAnsweredWithoutTheDatabaseUntilItIsForgotten() {
        try (Verifying q = new Verifying()) {
            // A client pauses for a minute, then for nearly the whole of IN_USE: its next request needs no database.
            q.idle(Duration.ofMinutes(1));
            q.db.close();
            assertThat(q.auth.byToken(q.token)).as("trusted from the last background check").isPresent();
        }
        try (Verifying q = new Verifying()) {
            q.idle(JdbcAuthService.IN_USE.minus(JdbcAuthService.RECHECK_INTERVAL));
            q.auth.byToken(q.token);
            q.idle(JdbcAuthService.IN_USE.minus(JdbcAuthService.RECHECK_INTERVAL));
            q.db.close();
            assertThat(q.auth.byToken(q.token)).as("the use in between kept it in use").isPresent();
        }
        try (Verifying q = new Verifying()) {
            // Unused for IN_USE it is forgotten, and checked no more: its next use asks the database (closed here).
            q.idle(JdbcAuthService.IN_USE.plus(JdbcAuthService.RECHECK_INTERVAL));
            q.db.close();
            assertThatThrownBy(() -> q.auth.byToken(q.token)).hasMessageContaining("disposed");
        }
    }

    @Test
    void aBackgroundCheckThatFindsTheTokenGoneRefusesTheNextRequest() {
        try (Verifying q = new Verifying()) {
            q.jdbc.update("DELETE FROM api_tokens");
            assertThat(q.auth.byToken(q.token)).as("within its ten seconds").isPresent();
            q.auth.recheckTokensInUse();
            assertThat(q.auth.byToken(q.token)).isEmpty();
        }
    }

    @Test
    void aBackgroundCheckThatFailsLeavesTheTokenToRunOutThenARequestAsksTheDatabaseItself() {
        try (Verifying q = new Verifying()) {
            q.clock.advance(JdbcAuthService.RECHECK_INTERVAL);
            q.db.close();
            assertThatThrownBy(q.auth::recheckTokensInUse).hasMessageContaining("disposed");
            q.clock.advance(JdbcAuthService.VERIFIED_TOKEN_TTL.minus(JdbcAuthService.RECHECK_INTERVAL).minusMillis(1));
            assertThat(q.auth.byToken(q.token)).as("still within its ten seconds").isPresent();
            q.clock.advance(Duration.ofMillis(1));
            assertThatThrownBy(() -> q.auth.byToken(q.token)).as("asks the database, which is gone").hasMessageContaining("disposed");
        }
    }

    @Test
    void theBackgroundChecksRecordEachTokensLastUseAtMinuteResolution() {
        try (Verifying q = new Verifying()) {
            Instant first = q.clock.instant();
            q.idle(Duration.ofSeconds(30));
            q.auth.byToken(q.token);
            q.idle(Duration.ofSeconds(30));
            assertThat(lastUseOf(q, q.token)).as("less than a minute after the one recorded").isEqualTo(first);
            q.idle(Duration.ofSeconds(30));
            Instant later = q.clock.instant();
            q.auth.byToken(q.token);
            q.idle(JdbcAuthService.RECHECK_INTERVAL);
            assertThat(lastUseOf(q, q.token)).isEqualTo(later);
        }
    }

    @Test
    void withBackgroundChecksATokensFirstUseIsWrittenByTheNextCheckNotOnTheRequestsPath() {
        try (Verifying q = new Verifying()) {
            q.auth.leaveFirstUsesToRechecks();
            String token = q.auth.createApiToken(q.admin, "later");
            Instant used = q.clock.instant();
            assertThat(q.auth.byToken(token)).isPresent();
            assertThat(lastUseOf(q, token)).as("not written on the request's path").isNull();
            q.idle(JdbcAuthService.RECHECK_INTERVAL);
            assertThat(lastUseOf(q, token)).isEqualTo(used);

            // Forgotten after ten minutes unused, then used again: the same.
            q.idle(JdbcAuthService.IN_USE.plus(JdbcAuthService.RECHECK_INTERVAL));
            Instant again = q.clock.instant();
            assertThat(q.auth.byToken(token)).isPresent();
            assertThat(lastUseOf(q, token)).isEqualTo(used);
            q.idle(JdbcAuthService.RECHECK_INTERVAL);
            assertThat(lastUseOf(q, token)).isEqualTo(again);
        }
    }

    /** The token's last use as written, or null if none was. */
    private static Instant lastUseOf(Verifying q, String token) {
        return q.jdbc.one("SELECT last_used_at FROM api_tokens WHERE token_hash = ?",
                rs -> Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant), Secrets.hash(token))
                .orElseThrow().orElse(null);
    }

    @Test
    void tokensAreCheckedAgainAHundredAtATimeAndOnlyTheDeletedOnesAreRefused() {
        try (Verifying q = new Verifying()) {
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < 250; i++) {
                String t = q.auth.createApiToken(q.admin, "t" + i);
                tokens.add(t);
                assertThat(q.auth.byToken(t)).isPresent();
            }
            List<String> deleted = List.of(tokens.get(3), tokens.get(150), tokens.get(249));
            for (String t : deleted) {
                q.jdbc.update("DELETE FROM api_tokens WHERE token_hash = ?", Secrets.hash(t));
            }
            q.clock.advance(JdbcAuthService.RECHECK_INTERVAL);
            q.auth.recheckTokensInUse();
            for (String t : deleted) {
                assertThat(q.auth.byToken(t)).as("refused within the ten seconds of its first check").isEmpty();
            }
            // Past the first checks' trust, with the database gone, the others are answered from the second.
            q.clock.advance(JdbcAuthService.VERIFIED_TOKEN_TTL.minus(JdbcAuthService.RECHECK_INTERVAL));
            q.db.close();
            for (String t : tokens) {
                if (!deleted.contains(t)) {
                    assertThat(q.auth.byToken(t)).as(t).isPresent();
                }
            }
            assertThat(q.auth.byToken(q.token)).isPresent();
        }
    }

    @Test
    void unknownTokensAlwaysAskTheDatabaseSoANewTokenWorksAtOnce() {
        ManualClock clock = new ManualClock();
        try (Database db = Database.open(dir.resolve("state"))) {
            Jdbc jdbc = new Jdbc(db);
            JdbcAuthService auth = new JdbcAuthService(jdbc, AuthConfig.defaults(), clock);
            String admin = auth.ensureAdmin().id();
            String chosen = "a-token-the-operator-chose-0123456789";
            assertThat(auth.byToken(chosen)).isEmpty();
            // Stored by another process (as STRATUS_BOOTSTRAP_TOKEN or ./stratus token create would) right after.
            new JdbcAuthService(jdbc, AuthConfig.defaults(), clock).addBootstrapToken(admin, chosen);
            assertThat(auth.byToken(chosen)).get().extracting(Principal::userId).isEqualTo(admin);
            assertThat(auth.byToken("")).isEmpty();
            assertThat(auth.byToken(null)).isEmpty();
        }
    }
}
