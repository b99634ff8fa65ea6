package io.moat.commerce.export;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads a date and time as exports and spreadsheets write it: {@code 2026-11-01 12:00:00}, {@code 2026/11/1 12:00},
 * {@code 2026年11月1日 12:00}, a bare date, or ISO 8601 with an offset. Without an offset the time is local to the
 * workspace. Blank and placeholder cells (an unpaid order's pay time) are empty.
 */
public final class TimeText {

    private static final Pattern DATE_TIME = Pattern.compile("(\\d{4})[-/.年](\\d{1,2})[-/.月](\\d{1,2})日?"
            + "(?:[ T]+(\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:\\.(\\d{1,9}))?)?)?"
            + "\\s*(Z|[+-]\\d{2}:?\\d{2})?");
    private static final Set<String> PLACEHOLDERS =
            Set.of("-", "--", "null", "NULL", "0000-00-00 00:00:00", "0000-00-00", "1970-01-01 08:00:00");

    private TimeText() {}

    public static Optional<Instant> parse(String text, ZoneId zone) {
        String clean = MoneyText.halfWidth(Cells.clean(text));
        if (clean.isEmpty() || PLACEHOLDERS.contains(clean)) {
            return Optional.empty();
        }
        Instant plain = plainLocal(clean, zone);
        if (plain != null) {
            return Optional.of(plain);
        }
        Matcher m = DATE_TIME.matcher(clean);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + clean + "' is not a date and time");
        }
        try {
            LocalDateTime local = LocalDateTime.of(
                    Integer.parseInt(m.group(1)),
                    Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)),
                    number(m.group(4)),
                    number(m.group(5)),
                    number(m.group(6)),
                    nanos(m.group(7)));
            ZoneId offset = m.group(8) == null ? zone : ZoneOffset.of(offset(m.group(8)));
            return Optional.of(local.atZone(offset).toInstant());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + clean + "' is not a valid date and time");
        }
    }

    /**
     * {@code yyyy-MM-dd HH:mm:ss}, what the marketplaces' exports write in every time column, read without the
     * regular expression (an import reads several per row); null for anything else, which the general pattern reads.
     */
    private static @Nullable Instant plainLocal(String text, ZoneId zone) {
        if (text.length() != 19
                || text.charAt(4) != '-'
                || text.charAt(7) != '-'
                || text.charAt(10) != ' '
                || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second)
                    .atZone(zone)
                    .toInstant();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid date and time");
        }
    }

    /** The number written by {@code length} ASCII digits from {@code from}; -1 when one is not a digit. */
    private static int digits(String text, int from, int length) {
        int value = 0;
        for (int i = from; i < from + length; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static int number(String group) {
        return group == null ? 0 : Integer.parseInt(group);
    }

    private static int nanos(String group) {
        return group == null ? 0 : Integer.parseInt((group + "000000000").substring(0, 9));
    }

    private static String offset(String group) {
        if (group.equals("Z")) {
            return "Z";
        }
        return group.length() == 5 ? group.substring(0, 3) + ":" + group.substring(3) : group;
    }
}
