package io.moat.wecomsim.api;

import io.moat.wecomsim.world.ChinaTime;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The Beijing days a statistics call covers, checked as WeCom checks them: at most 30 days, starting no more than
 * 180 days back, and for group statistics ending yesterday at the latest (today's figures are not final).
 */
record StatPeriod(LocalDate first, LocalDate last) {

    static final int MAX_DAYS = 30;
    static final int MAX_AGE_DAYS = 180;

    static StatPeriod read(ApiRequest request, String beginField, String endField, boolean todayAllowed) {
        long begin = request.number(beginField, 0);
        if (begin <= 0) {
            throw ApiError.invalid(beginField + " is required");
        }
        long end = request.number(endField, begin);
        LocalDate first = ChinaTime.date(Instant.ofEpochSecond(begin));
        LocalDate last = ChinaTime.date(Instant.ofEpochSecond(end));
        LocalDate today = ChinaTime.date(request.corp().now());
        LocalDate latest = todayAllowed ? today : today.minusDays(1);
        if (last.isBefore(first) || first.plusDays(MAX_DAYS).isBefore(last)) {
            throw ApiError.invalid(endField + " must be within " + MAX_DAYS + " days after " + beginField);
        }
        if (first.isBefore(today.minusDays(MAX_AGE_DAYS)) || last.isAfter(latest)) {
            throw ApiError.invalid("the period must lie between " + today.minusDays(MAX_AGE_DAYS) + " and " + latest);
        }
        return new StatPeriod(first, last);
    }

    Instant from() {
        return ChinaTime.startOf(first);
    }

    Instant to() {
        return ChinaTime.startOf(last.plusDays(1));
    }

    List<LocalDate> days() {
        return first.datesUntil(last.plusDays(1)).toList();
    }
}
