package io.moat.wecomsim.world;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * WeCom counts days, weeks and months in Beijing time: receive caps, statistics days and "today" for group transfer
 * quotas all turn over at 00:00 Asia/Shanghai, not UTC.
 */
public final class ChinaTime {

    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private ChinaTime() {}

    public static LocalDate date(Instant instant) {
        return instant.atZone(ZONE).toLocalDate();
    }

    public static Instant startOf(LocalDate day) {
        return day.atStartOfDay(ZONE).toInstant();
    }

    public static Instant startOfDay(Instant instant) {
        return startOf(date(instant));
    }
}
