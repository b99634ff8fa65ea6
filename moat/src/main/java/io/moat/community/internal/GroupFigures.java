package io.moat.community.internal;

import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/**
 * The counts of one group over one period (a day, or several) and the rates derived from them, as docs/metrics.md
 * ("Community") defines them. Counts are of customers: staff in the group are not counted.
 */
public record GroupFigures(
        String chatId,
        LocalDate from,
        LocalDate to,
        long membersAtStart,
        long membersAtEnd,
        long joins,
        long quits,
        long speakers,
        long messages,
        long retained,
        long codeJoins,
        long scans) {

    /** joins through a join code / scans of the join codes that list the group. */
    public @Nullable Double joinRate() {
        return ratio(codeJoins, scans);
    }

    /** quits / members at the start of the period. */
    public @Nullable Double quitRate() {
        return ratio(quits, membersAtStart);
    }

    /** distinct speakers / members at the end of the period. */
    public @Nullable Double interactionRate() {
        return ratio(speakers, membersAtEnd);
    }

    /** messages / members at the end of the period. */
    public @Nullable Double messagesPerMember() {
        return ratio(messages, membersAtEnd);
    }

    /** members at the start who are members at the end / members at the start. */
    public @Nullable Double retention() {
        return ratio(retained, membersAtStart);
    }

    static @Nullable Double ratio(long part, long whole) {
        return whole == 0 ? null : (double) part / whole;
    }
}
