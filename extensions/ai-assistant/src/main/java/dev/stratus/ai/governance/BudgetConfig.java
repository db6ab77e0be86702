package dev.stratus.ai.governance;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Token budgets.
 *
 * @param period {@code daily} (default) or {@code monthly}
 * @param zone the time zone in which periods start, default {@code UTC}
 * @param userTokens the default limit per user and period; 0 (default) means unlimited
 * @param users limits of named users, overriding {@code userTokens} (0: unlimited); a user is named
 *     by login name (as an administrator knows them), or by user id
 * @param teams team name to its members, each by login name or user id; a user may be in several teams
 * @param teamTokens the limit of each team per period, shared by its members; a team without an
 *     entry is unlimited
 * @param fsync whether each reservation is forced to disk before any of its answer is passed on, default true
 */
public record BudgetConfig(BudgetPeriod period, String zone, Long userTokens, Map<String, Long> users,
                           Map<String, List<String>> teams, Map<String, Long> teamTokens, Boolean fsync) {
    public BudgetConfig {
        period = period == null ? BudgetPeriod.DAILY : period;
        zone = zone == null ? "UTC" : zone;
        try {
            ZoneId.of(zone);
        } catch (RuntimeException e) {
            throw new GovernanceConfigException("budgets.zone must be a time zone such as UTC or Europe/Paris", e);
        }
        userTokens = userTokens == null ? 0L : userTokens;
        if (userTokens < 0) {
            throw new GovernanceConfigException("budgets.userTokens must be >= 0: " + userTokens);
        }
        users = nonNegative("budgets.users", users);
        teams = teams == null ? Map.of() : Map.copyOf(new TreeMap<>(teams));
        teams.forEach((team, members) -> {
            if (members == null || members.stream().anyMatch(m -> m == null || m.isBlank())) {
                throw new GovernanceConfigException("budgets.teams." + team + " must list user names");
            }
        });
        teamTokens = nonNegative("budgets.teamTokens", teamTokens);
        fsync = fsync == null || fsync;
    }

    private static Map<String, Long> nonNegative(String name, Map<String, Long> limits) {
        if (limits == null) {
            return Map.of();
        }
        limits.forEach((k, v) -> {
            if (v == null || v < 0) {
                throw new GovernanceConfigException(name + "." + k + " must be >= 0: " + v);
            }
        });
        return Map.copyOf(limits);
    }

    public static BudgetConfig defaults() {
        return new BudgetConfig(null, null, null, null, null, null, null);
    }

    public ZoneId zoneId() {
        return ZoneId.of(zone);
    }

    /**
     * The limit of a user, 0 for none: the entry under the user's login name, else under the user's
     * id, else {@code userTokens}.
     */
    public long userLimit(String userId, String userName) {
        Long byName = users.get(userName);
        return byName != null ? byName : users.getOrDefault(userId, userTokens);
    }

    /** The budgets that apply to a user: {@code user:<id>}, then {@code team:<name>} of each team that lists them. */
    public List<String> scopesOf(String userId, String userName) {
        List<String> scopes = new java.util.ArrayList<>();
        scopes.add("user:" + userId);
        teamsOf(userId, userName).forEach(t -> scopes.add("team:" + t));
        return scopes;
    }

    /** The limit of one of {@link #scopesOf}, 0 for none. */
    public long limitOf(String scope, String userId, String userName) {
        return scope.startsWith("user:") ? userLimit(userId, userName)
                : teamTokens.getOrDefault(scope.substring(scope.indexOf(':') + 1), 0L);
    }

    /** The teams that list a user, by login name or by id, sorted. */
    public List<String> teamsOf(String userId, String userName) {
        return teams.entrySet().stream().filter(e -> e.getValue().contains(userName) || e.getValue().contains(userId))
                .map(Map.Entry::getKey).sorted().toList();
    }
}
