package io.moat.journeys.definition;

import java.time.LocalTime;
import java.util.List;

/** What enrols a customer. A closed set; the JSON form names each kind by its {@code type}. */
public sealed interface Trigger
        permits Trigger.CustomerAdded,
                Trigger.TagAssigned,
                Trigger.TagRemoved,
                Trigger.OrderPaid,
                Trigger.SegmentEntered,
                Trigger.SegmentExited,
                Trigger.JoinedGroup,
                Trigger.LeftGroup,
                Trigger.DateProperty,
                Trigger.Dormant,
                Trigger.ApiEvent,
                Trigger.Manual {

    /** Added a staff member; through one of {@code channels} (contact-way states) when any are given. */
    record CustomerAdded(List<String> channels) implements Trigger {
        public CustomerAdded {
            channels = List.copyOf(channels);
        }
    }

    record TagAssigned(long tagId) implements Trigger {}

    record TagRemoved(long tagId) implements Trigger {}

    /** Paid an order; containing one of the SKUs or categories when any are given. */
    record OrderPaid(List<String> skus, List<String> categories) implements Trigger {
        public OrderPaid {
            skus = List.copyOf(skus);
            categories = List.copyOf(categories);
        }
    }

    record SegmentEntered(long segmentId) implements Trigger {}

    record SegmentExited(long segmentId) implements Trigger {}

    /** Joined a customer group; one of {@code chatIds} when any are given. */
    record JoinedGroup(List<String> chatIds) implements Trigger {
        public JoinedGroup {
            chatIds = List.copyOf(chatIds);
        }
    }

    record LeftGroup(List<String> chatIds) implements Trigger {
        public LeftGroup {
            chatIds = List.copyOf(chatIds);
        }
    }

    /**
     * A date in one of the workspace's custom date fields (生日, 入会日期, 到期日 …): the customer enters {@code
     * offsetDays} after it (before it when negative) at {@code time}, both in the workspace's time zone; every year
     * on its anniversary when {@code yearly} (a birthday), else once (an expiry date).
     */
    record DateProperty(String field, int offsetDays, boolean yearly, LocalTime time) implements Trigger {}

    /** No purchase and no interaction for {@code days} days. */
    record Dormant(int days) implements Trigger {}

    /** An event posted to the journeys API by another system, by name. */
    record ApiEvent(String name) implements Trigger {}

    /** An operator enrols a segment (or a list of customers) by hand. */
    record Manual() implements Trigger {}
}
