package io.moat.journeys.definition;

import java.util.Arrays;
import java.util.Optional;

/** What a customer does that a journey can wait for or end on. */
public enum JourneyEvent {
    ORDER_PAID("orderPaid"),
    JOINED_GROUP("joinedGroup"),
    LEFT_GROUP("leftGroup"),
    REMOVED_STAFF("removedStaff");

    private final String code;

    JourneyEvent(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<JourneyEvent> of(String code) {
        return Arrays.stream(values()).filter(e -> e.code.equals(code)).findFirst();
    }
}
