package dev.stratus.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.server.storage.Database;
import dev.stratus.server.storage.Jdbc;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        try (QueuedChecks q = new QueuedChecks()) {
            assertThat(q.jdbc.one("SELECT last_used_at FROM api_tokens", rs -> rs.getTimestamp(1))).as("last use recorded").isPresent();

            // Deleted behind the service's back (as another process would): still trusted within the TTL...
            q.jdbc.update("DELETE FROM api_tokens");
            q.clock.advance(JdbcAuthService.VERIFIED_TOKEN_TTL.minusMillis(1));
            assertThat(q.auth.byToken(q.token)).isPresent();
            // ...and refused once it has passed (the background check that request started has not run).
            q.clock.advance(Duration.ofMillis(1));
            assertThat(q.auth.byToken(q.token)).isEmpty();
            // A refusal is not remembered either: the same token stored again works at once.
            q.auth.addBootstrapToken(q.admin, q.token);
            assertThat(q.auth.byToken(q.token)).get().extracting(Principal::userId).isEqualTo(q.admin);
        }
    }

    /** A service whose background checks wait in {@link #checks} until the test runs them, and a token it verified once. */
    private final class QueuedChecks implements AutoCloseable {
        final ManualClock clock = new ManualClock();
        final List<Runnable> checks = new ArrayList<>();
        final Database db = Database.open(dir.resolve("state"));
        final Jdbc jdbc = new Jdbc(db);
        final JdbcAuthService auth = new JdbcAuthService(jdbc, AuthConfig.defaults(), clock, checks::add);
        final String admin = auth.ensureAdmin().id();
        final String token = auth.createApiToken(admin, "ci");

        QueuedChecks() {
            assertThat(auth.byToken(token)).get().extracting(Principal::userId).isEqualTo(admin);
        }

        @Override
        public void close() {
            db.close();
        }
    }

    @Test
    void aTokenInUseIsCheckedAgainInTheBackgroundAndTrustedForTenSecondsFromTheLastCheckThatFoundIt() {
        try (QueuedChecks q = new QueuedChecks()) {
            q.clock.advance(JdbcAuthService.VERIFIED_TOKEN_REFRESH.minusMillis(1));
            assertThat(q.auth.byToken(q.token)).isPresent();
            assertThat(q.checks).as("not due yet").isEmpty();
            q.clock.advance(Duration.ofMillis(1));
            assertThat(q.auth.byToken(q.token)).as("answered at once, not after a check").isPresent();
            assertThat(q.auth.byToken(q.token)).isPresent();
            assertThat(q.checks).as("one background check however many requests").hasSize(1);

            q.checks.removeFirst().run();
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
    void aBackgroundCheckThatFindsTheTokenGoneRefusesTheNextRequest() {
        try (QueuedChecks q = new QueuedChecks()) {
            q.jdbc.update("DELETE FROM api_tokens");
            q.clock.advance(JdbcAuthService.VERIFIED_TOKEN_REFRESH);
            assertThat(q.auth.byToken(q.token)).as("within its ten seconds; the check runs after").isPresent();
            q.checks.removeFirst().run();
            assertThat(q.auth.byToken(q.token)).isEmpty();
        }
    }

    @Test
    void aBackgroundCheckThatFailsLeavesTheTokenToRunOutAndLetsALaterRequestCheckAgain() {
        try (QueuedChecks q = new QueuedChecks()) {
            q.clock.advance(JdbcAuthService.VERIFIED_TOKEN_REFRESH);
            assertThat(q.auth.byToken(q.token)).isPresent();
            q.db.close();
            q.checks.removeFirst().run(); // the database is gone: the check fails, quietly
            assertThat(q.auth.byToken(q.token)).as("still within its ten seconds").isPresent();
            assertThat(q.checks).as("the next request starts another check").hasSize(1);
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
