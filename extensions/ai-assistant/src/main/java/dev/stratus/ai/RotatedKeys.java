package dev.stratus.ai;

import dev.stratus.ai.config.KeyFile;
import dev.stratus.ai.continuity.Cooldowns;
import dev.stratus.ai.continuity.KeyRefresh;
import dev.stratus.ai.model.Deployment;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Reads a deployment's {@code apiKeyFile} again when the provider refuses its key, and on each
 * of its probes: a mounted Secret or a Vault agent rewrites the file when the key is rotated, and
 * the old key is revoked soon after. A new key is used from then on, by every call and probe,
 * and ends a cooldown the refused one began; a file that gives none is said in the deployment's
 * problem, in words that never quote it.
 *
 * <p>Calls refused together read the file once: a refusal of a call sent before the file was last
 * read takes what that reading found. Keys from the environment never change. Thread-safe.
 */
final class RotatedKeys implements KeyRefresh {
    private final KnownDeployments known;
    private final Cooldowns cooldowns;
    private final Function<Path, KeyFile> reader;
    private final System.Logger log;
    /** Counts the readings of key files, so that a call's {@link #mark} tells which came after it was sent. */
    private final AtomicLong readings = new AtomicLong();
    /** Per deployment, the count after its file was last read. */
    private final Map<String, Long> lastRead = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private volatile Consumer<String> onRefused = name -> { };

    /** @param reader reads a key file ({@link KeyFile#read} but in tests); never throws */
    RotatedKeys(KnownDeployments known, Cooldowns cooldowns, Function<Path, KeyFile> reader, System.Logger log) {
        this.known = known;
        this.cooldowns = cooldowns;
        this.reader = reader;
        this.log = log;
    }

    /**
     * Calls {@code listener} with a deployment's name when its key was refused and its file held no
     * other (replacing the previous listener): to read the file again later.
     */
    void onRefused(Consumer<String> listener) {
        this.onRefused = listener;
    }

    @Override
    public long mark() {
        return readings.get();
    }

    @Override
    public Optional<Deployment> refused(Deployment refused, long mark) {
        if (refused.apiKeyFile() == null) {
            return Optional.empty();
        }
        String name = refused.name();
        synchronized (lock(name)) {
            String now = known.find(name).map(Deployment::apiKey).orElse(refused.apiKey());
            if (!Objects.equals(now, refused.apiKey())) {
                return Optional.of(refused.withApiKey(now)); // read by a call refused at the same time
            }
            if (lastRead.getOrDefault(name, -1L) > mark) {
                return Optional.empty(); // read since this call was sent, and no other key in it
            }
            return Optional.ofNullable(read(refused, true)).map(refused::withApiKey);
        }
    }

    /**
     * Reads the key file of the deployment named {@code name} before it is probed again; a
     * deployment whose key is not from a file is left as it is.
     *
     * @return the deployment to probe: with the key the file holds now
     */
    Optional<Deployment> beforeProbe(String name) {
        Optional<Deployment> d = known.find(name);
        if (d.isEmpty() || d.get().apiKeyFile() == null) {
            return d;
        }
        synchronized (lock(name)) {
            read(d.get(), false);
            return known.find(name);
        }
    }

    /**
     * Reads {@code d}'s key file; a new key in it replaces {@code d}'s. When {@code refused} (the
     * key was just refused), a file that gives none becomes the deployment's problem.
     *
     * @return the new key the file holds, or null
     */
    private String read(Deployment d, boolean refused) {
        KeyFile file = reader.apply(d.apiKeyFile());
        lastRead.put(d.name(), readings.incrementAndGet());
        if (file.key() != null && !file.key().equals(d.apiKey())) {
            known.rekeyed(d.name(), file.key());
            cooldowns.rekeyed(d.name());
            log.log(System.Logger.Level.INFO, "Deployment " + d.name() + ": a new key was read from the file named in apiKeyFile"
                    + (refused ? " when the provider refused the old one" : "") + "; it is used from now on");
            return file.key();
        }
        if (refused || known.keyRefused(d.name())) {
            String problem = "the provider refused its key, and " + (file.key() == null ? file.problem()
                    : "the file named in apiKeyFile still holds that key");
            known.keyRefused(d.name(), problem);
            if (refused) {
                log.log(System.Logger.Level.WARNING, "Deployment " + d.name() + ": " + problem);
                onRefused.accept(d.name());
            }
        }
        return null;
    }

    private Object lock(String name) {
        return locks.computeIfAbsent(name, k -> new Object());
    }
}
