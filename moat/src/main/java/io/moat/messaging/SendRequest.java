package io.moat.messaging;

import io.moat.customers.CustomerId;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A request to send one message to one recipient.
 *
 * @param key the deterministic idempotency key (see {@link SendKey}); a second request with the same key is the same
 *     send
 * @param customer the recipient for {@link Channel#CUSTOMER} and {@link Channel#WELCOME}
 * @param chatId the recipient group for {@link Channel#GROUP}
 * @param staffUserId who should send it: for a customer, the preferred one of their staff (else any who follows
 *     them); for a group, its owner (who sends it); for a welcome, the member who was added
 * @param notBefore not before this moment (null: now)
 * @param holdFor how long quiet hours may hold the send past {@code notBefore} before it is skipped (null: 24 h)
 * @param welcomeCode the add's welcome code, for {@link Channel#WELCOME}
 * @param journeyId the journey asking (for statistics), if any
 * @param stepId the journey step asking, if any
 */
public record SendRequest(
        String key,
        Channel channel,
        @Nullable CustomerId customer,
        @Nullable String chatId,
        @Nullable String staffUserId,
        Content content,
        Priority priority,
        @Nullable Instant notBefore,
        @Nullable Duration holdFor,
        @Nullable String welcomeCode,
        @Nullable String journeyId,
        @Nullable String stepId) {

    public SendRequest {
        if (key.isBlank() || key.length() > 300) {
            throw new IllegalArgumentException("a send key must be 1 to 300 characters");
        }
        switch (channel) {
            case CUSTOMER -> require(customer != null, "a customer send needs a customer");
            case GROUP ->
                require(
                        chatId != null && !chatId.isBlank() && staffUserId != null,
                        "a group send needs the chat id and the group's owner, who sends it");
            case WELCOME ->
                require(
                        customer != null && welcomeCode != null && staffUserId != null,
                        "a welcome needs a customer, the added staff member and the welcome code");
        }
    }

    public static SendRequest toCustomer(String key, CustomerId customer, Content content) {
        return new SendRequest(
                key, Channel.CUSTOMER, customer, null, null, content, Priority.NORMAL, null, null, null, null, null);
    }

    public static SendRequest toGroup(String key, String chatId, String owner, Content content) {
        return new SendRequest(
                key, Channel.GROUP, null, chatId, owner, content, Priority.NORMAL, null, null, null, null, null);
    }

    public static SendRequest welcome(
            String key, CustomerId customer, String staffUserId, String code, Content content) {
        return new SendRequest(
                key,
                Channel.WELCOME,
                customer,
                null,
                staffUserId,
                content,
                Priority.HIGH,
                null,
                null,
                code,
                null,
                null);
    }

    public SendRequest withPriority(Priority priority) {
        return new SendRequest(
                key,
                channel,
                customer,
                chatId,
                staffUserId,
                content,
                priority,
                notBefore,
                holdFor,
                welcomeCode,
                journeyId,
                stepId);
    }

    public SendRequest notBefore(Instant notBefore, @Nullable Duration holdFor) {
        return new SendRequest(
                key,
                channel,
                customer,
                chatId,
                staffUserId,
                content,
                priority,
                notBefore,
                holdFor,
                welcomeCode,
                journeyId,
                stepId);
    }

    public SendRequest from(String staffUserId) {
        return new SendRequest(
                key,
                channel,
                customer,
                chatId,
                staffUserId,
                content,
                priority,
                notBefore,
                holdFor,
                welcomeCode,
                journeyId,
                stepId);
    }

    public SendRequest forJourney(String journeyId, String stepId) {
        return new SendRequest(
                key,
                channel,
                customer,
                chatId,
                staffUserId,
                content,
                priority,
                notBefore,
                holdFor,
                welcomeCode,
                journeyId,
                stepId);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
