package io.moat.wecomsim.welcome;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * Something a virtual customer or group actually received: the evidence end-to-end tests check.
 *
 * @param kind what carried it, e.g. {@code welcome_msg}
 * @param chatId the group it went to, or empty for a one-to-one message
 * @param attachments the attachments exactly as the API call gave them
 */
public record Delivery(
        long seq,
        String kind,
        String userid,
        String externalUserId,
        String chatId,
        String text,
        JsonNode attachments,
        Instant at) {}
