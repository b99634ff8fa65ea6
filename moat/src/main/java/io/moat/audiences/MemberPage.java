package io.moat.audiences;

import io.moat.customers.CustomerId;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** One page of an audience's members in the order of their numbers; {@code next} continues after it, or is null. */
public record MemberPage(
        List<CustomerId> customers, @Nullable CustomerId next) {
    public MemberPage {
        customers = List.copyOf(customers);
    }
}
