package dev.stratus.ai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratus.ai.continuity.Cooldown;
import dev.stratus.ai.continuity.CooldownReason;
import dev.stratus.ai.continuity.Cooldowns;
import dev.stratus.ai.model.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The deployments' running cooldowns, kept across a restart of the assistant: an edit of its
 * configuration activates it again, and the server may restart. A deployment rate limited for the
 * next minutes, or out of quota for the next hour, is then not called again at once by every
 * user's next request, only to be refused once more. Carried over only to a deployment of the
 * same name whose provider, base URL, model and settings of what it serves are unchanged:
 * anything else is another deployment. What was learnt of what a deployment serves is not carried:
 * it does not end by itself, and a restart is how an administrator has it learnt afresh.
 *
 * <p>The file ({@value #FILE} in the assistant's data folder) is written when the assistant stops
 * and read when it starts; one that cannot be read is ignored (logged), as a start without it.
 */
final class CarriedCooldowns {
    static final String FILE = "cooldowns.json";
    private static final ObjectMapper JSON = JsonMappers.newMapper();

    /** One deployment's entry in the file; times in epoch milliseconds. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Saved(String identity, String reason, long untilMillis, int failures, Long retryAfterMillis) {
    }

    private CarriedCooldowns() {
    }

    /** Writes the cooldowns {@code cooldowns} has to carry over for {@code deployments} (replacing the file atomically). */
    static void save(Path dataDir, Cooldowns cooldowns, Collection<Deployment> deployments, System.Logger log) {
        Map<String, Deployment> byName = new LinkedHashMap<>();
        deployments.forEach(d -> byName.put(d.name(), d));
        Map<String, Saved> out = new LinkedHashMap<>();
        cooldowns.carried().forEach((name, cd) -> {
            Deployment d = byName.get(name);
            if (d != null) {
                out.put(name, new Saved(identity(d), cd.reason().name(), cd.until().toEpochMilli(), cd.consecutiveFailures(),
                        cd.retryAfter() == null ? null : cd.retryAfter().toMillis()));
            }
        });
        Path file = dataDir.resolve(FILE);
        try {
            if (out.isEmpty()) {
                Files.deleteIfExists(file);
                return;
            }
            Path tmp = dataDir.resolve(FILE + ".tmp");
            Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(out));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.log(System.Logger.Level.WARNING, "The deployments' cooldowns were not kept for the next start: " + e.getMessage());
        }
    }

    /** Gives {@code cooldowns} the running cooldowns the file keeps for {@code deployments}; returns how many. */
    static int restore(Path dataDir, Cooldowns cooldowns, Collection<Deployment> deployments, System.Logger log) {
        Map<String, Saved> saved;
        try {
            saved = JSON.readValue(Files.readAllBytes(dataDir.resolve(FILE)), new TypeReference<Map<String, Saved>>() { });
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException | RuntimeException e) {
            log.log(System.Logger.Level.WARNING, "The deployments' cooldowns kept at the last stop cannot be read, and are not used: "
                    + e.getMessage());
            return 0;
        }
        int taken = 0;
        for (Deployment d : deployments) {
            Saved s = saved == null ? null : saved.get(d.name());
            if (s == null || !identity(d).equals(s.identity())) {
                continue;
            }
            CooldownReason reason;
            try {
                reason = CooldownReason.valueOf(s.reason());
            } catch (IllegalArgumentException | NullPointerException e) {
                continue; // a reason this version does not know
            }
            Cooldown cd = new Cooldown(d.name(), reason, Instant.ofEpochMilli(s.untilMillis()), Math.max(1, s.failures()),
                    s.retryAfterMillis() == null ? null : Duration.ofMillis(s.retryAfterMillis()));
            if (cooldowns.carryOver(cd)) {
                taken++;
            }
        }
        return taken;
    }

    /**
     * Gives {@code to} the running cooldowns {@code from} has for deployments that are the same
     * ones in {@code toDeployments} as in {@code fromDeployments}: an edit of the deployments or
     * the routing taken as the assistant runs. Returns how many.
     */
    static int carry(Cooldowns from, Collection<Deployment> fromDeployments, Cooldowns to, Collection<Deployment> toDeployments) {
        Map<String, String> before = new LinkedHashMap<>();
        fromDeployments.forEach(d -> before.put(d.name(), identity(d)));
        Map<String, Cooldown> running = from.carried();
        int taken = 0;
        for (Deployment d : toDeployments) {
            Cooldown cd = running.get(d.name());
            if (cd != null && identity(d).equals(before.get(d.name())) && to.carryOver(cd)) {
                taken++;
            }
        }
        return taken;
    }

    /**
     * What makes a deployment the same one: its provider, base URL and model, and the settings of
     * what it serves (context, completions); not its key, which is read again at every start.
     */
    private static String identity(Deployment d) {
        return d.provider() + " " + d.baseUrl() + " " + d.model() + " context=" + d.contextTokens() + " completions=" + d.completions()
                + " fim=" + d.fim();
    }
}
