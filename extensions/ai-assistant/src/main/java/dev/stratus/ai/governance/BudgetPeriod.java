package dev.stratus.ai.governance;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The period after which token budgets start again at zero, in the configured time zone. */
public enum BudgetPeriod {
    DAILY, MONTHLY;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static BudgetPeriod of(String id) {
        for (BudgetPeriod p : values()) {
            if (p.id().equals(id)) {
                return p;
            }
        }
        throw new GovernanceConfigException("budgets.period must be daily or monthly");
    }

    /** The period containing {@code now}, as a file-name-safe key: {@code 2026-11-25} or {@code 2026-11}. */
    public String key(Instant now, ZoneId zone) {
        LocalDate day = LocalDate.ofInstant(now, zone);
        return this == DAILY ? day.toString() : day.format(DateTimeFormatter.ofPattern("uuuu-MM"));
    }

    /** The first instant of the next period. */
    public Instant end(Instant now, ZoneId zone) {
        LocalDate day = LocalDate.ofInstant(now, zone);
        LocalDate next = this == DAILY ? day.plusDays(1) : day.withDayOfMonth(1).plusMonths(1);
        return next.atStartOfDay(zone).toInstant();
    }
}
