package io.moat.tasks;

import org.jspecify.annotations.Nullable;

/**
 * Whom or what a task is about: a customer (profile id and/or WeCom external userid), a customer group (chat id), or
 * a member of a group (both). At least one part is given.
 */
public record TaskSubject(
        @Nullable Long customerId,
        @Nullable String externalUserId,
        @Nullable String chatId) {

    public TaskSubject {
        if (customerId == null && externalUserId == null && chatId == null) {
            throw new IllegalArgumentException("a task subject names a customer, a group or both");
        }
    }

    public static TaskSubject group(String chatId) {
        return new TaskSubject(null, null, chatId);
    }

    public static TaskSubject member(String chatId, String externalUserId) {
        return new TaskSubject(null, externalUserId, chatId);
    }

    public static TaskSubject customer(long customerId) {
        return new TaskSubject(customerId, null, null);
    }
}
