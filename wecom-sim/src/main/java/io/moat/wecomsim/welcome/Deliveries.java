package io.moat.wecomsim.welcome;

import java.util.ArrayList;
import java.util.List;

/** What the corp's virtual customers and groups received, in order. Callers hold the corp's lock. */
public final class Deliveries {

    private final List<Delivery> received = new ArrayList<>();

    public long nextSeq() {
        return received.size() + 1L;
    }

    public void record(Delivery delivery) {
        received.add(delivery);
    }

    /** Filters are ignored when empty. */
    public List<Delivery> matching(String externalUserId, String chatId) {
        return received.stream()
                .filter(d -> externalUserId.isEmpty() || d.externalUserId().equals(externalUserId))
                .filter(d -> chatId.isEmpty() || d.chatId().equals(chatId))
                .toList();
    }
}
