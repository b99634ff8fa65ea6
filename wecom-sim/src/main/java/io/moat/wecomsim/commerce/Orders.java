package io.moat.wecomsim.commerce;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The corp's shop orders, in the order they were placed. Callers hold the corp's lock. */
public final class Orders {

    private final List<Order> orders = new ArrayList<>();

    public void add(Order order) {
        orders.add(order);
    }

    /** Orders created within [from, to) on a platform. */
    public List<Order> between(String platform, Instant from, Instant to) {
        return orders.stream()
                .filter(o -> o.platform().equals(platform))
                .filter(o -> !o.createdAt().isBefore(from) && o.createdAt().isBefore(to))
                .toList();
    }

    public List<Order> since(Instant since) {
        return orders.stream().filter(o -> !o.createdAt().isBefore(since)).toList();
    }

    public int size() {
        return orders.size();
    }
}
