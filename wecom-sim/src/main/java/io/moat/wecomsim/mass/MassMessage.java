package io.moat.wecomsim.mass;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A mass message (企业群发) created by add_msg_template. It sends nothing by itself: each sender gets a task and
 * the message reaches that sender's recipients only when the sender confirms. Callers hold the corp's lock.
 *
 * @param createType 0 created by the enterprise (API or admin), 1 by a member personally
 */
public final class MassMessage {

    public static final String SINGLE = "single";
    public static final String GROUP = "group";
    public static final int BY_ENTERPRISE = 0;
    public static final int MAX_REMINDERS_PER_DAY = 3;

    private final long seq;
    private final String msgid;
    private final String chatType;
    private final String creator;
    private final int createType;
    private final long createTime;
    private final String text;
    private final JsonNode attachments;
    private final Map<String, MassTask> tasks = new LinkedHashMap<>();
    private final List<Instant> reminders = new ArrayList<>();
    private boolean cancelled;

    public MassMessage(
            long seq,
            String msgid,
            String chatType,
            String creator,
            int createType,
            long createTime,
            String text,
            JsonNode attachments) {
        this.seq = seq;
        this.msgid = msgid;
        this.chatType = chatType;
        this.creator = creator;
        this.createType = createType;
        this.createTime = createTime;
        this.text = text;
        this.attachments = attachments;
    }

    public long seq() {
        return seq;
    }

    public String msgid() {
        return msgid;
    }

    public String chatType() {
        return chatType;
    }

    public String creator() {
        return creator;
    }

    public int createType() {
        return createType;
    }

    public long createTime() {
        return createTime;
    }

    public String text() {
        return text;
    }

    public JsonNode attachments() {
        return attachments;
    }

    public boolean cancelled() {
        return cancelled;
    }

    public void cancel() {
        cancelled = true;
    }

    public void addTask(MassTask task) {
        tasks.put(task.userid(), task);
    }

    public Optional<MassTask> task(String userid) {
        return Optional.ofNullable(tasks.get(userid));
    }

    public Collection<MassTask> tasks() {
        return List.copyOf(tasks.values());
    }

    /** Records a reminder unless three were sent within the last 24 hours; returns whether it was allowed. */
    public boolean remind(Instant now) {
        Instant dayAgo = now.minus(Duration.ofDays(1));
        reminders.removeIf(at -> !at.isAfter(dayAgo));
        if (reminders.size() >= MAX_REMINDERS_PER_DAY) {
            return false;
        }
        reminders.add(now);
        return true;
    }
}
