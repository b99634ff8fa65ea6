package io.moat.wecomsim.mass;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * When each customer and each group received a mass message, so the receive cap can be checked at the moment a
 * member confirms. Keys are {@code customer:<external_userid>} and {@code group:<chat_id>}. Callers hold the corp's
 * lock.
 */
public final class ReceiveLedger {

    private final Map<String, List<Instant>> received = new HashMap<>();

    public static String customerKey(String externalUserId) {
        return "customer:" + externalUserId;
    }

    public static String groupKey(String chatId) {
        return "group:" + chatId;
    }

    public boolean full(String key, ReceiveCap.Window window) {
        long inWindow = received.getOrDefault(key, List.of()).stream()
                .filter(at -> !at.isBefore(window.from()) && at.isBefore(window.to()))
                .count();
        return inWindow >= window.limit();
    }

    public void record(String key, Instant at) {
        received.computeIfAbsent(key, k -> new ArrayList<>()).add(at);
    }
}
