package org.payerauth.metrics;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The days a report covers, both included, in UTC. The default is the previous calendar year (what a payer reports
 * to CMS by March 31); a period is at most {@value #MAX_YEARS} years long.
 */
public record ReportPeriod(LocalDate from, LocalDate to) {

    public static final int MAX_YEARS = 5;

    public ReportPeriod {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("to must not be before from");
        }
        if (from.plusYears(MAX_YEARS).isBefore(to)) {
            throw new IllegalArgumentException("a period is at most " + MAX_YEARS + " years long");
        }
    }

    /** The calendar year {@code year}. */
    public static ReportPeriod calendarYear(int year) {
        return new ReportPeriod(LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31));
    }

    /** The calendar year before today's (UTC). */
    public static ReportPeriod previousCalendarYear(Clock clock) {
        return calendarYear(LocalDate.now(clock.withZone(ZoneOffset.UTC)).getYear() - 1);
    }

    /**
     * A period from request parameters: ISO dates ({@code 2025-01-01}); both absent: the previous calendar year.
     *
     * @throws IllegalArgumentException with a description that names the parameter
     */
    public static ReportPeriod parse(String from, String to, Clock clock) {
        if ((from == null || from.isBlank()) && (to == null || to.isBlank())) {
            return previousCalendarYear(clock);
        }
        if (from == null || from.isBlank() || to == null || to.isBlank()) {
            throw new IllegalArgumentException("from and to are both needed (ISO dates, e.g. from=2025-01-01&to=2025-12-31), or neither (the previous calendar year)");
        }
        return new ReportPeriod(date(from, "from"), date(to, "to"));
    }

    private static LocalDate date(String value, String name) {
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO date such as 2025-01-01");
        }
    }

    /** Whether {@code day} is in this period. */
    public boolean contains(LocalDate day) {
        return !day.isBefore(from) && !day.isAfter(to);
    }

    /** The months this period touches, in order. */
    public List<YearMonth> months() {
        List<YearMonth> months = new ArrayList<>();
        for (YearMonth m = YearMonth.from(from); !m.isAfter(YearMonth.from(to)); m = m.plusMonths(1)) {
            months.add(m);
        }
        return months;
    }
}
