package io.moat.wecomsim.moments;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A post to customers' Moments (客户朋友圈). Enterprise moments (create_type 0) come from add_moment_task and wait for
 * each member to publish them; personal ones (create_type 1) are published by their member at once. Callers hold
 * the corp's lock.
 *
 * @param attachments as add_moment_task gave them: up to 9 images, or one video, or one link
 */
public final class Moment {

    public static final int BY_ENTERPRISE = 0;
    public static final int BY_MEMBER = 1;

    private final long seq;
    private final String momentId;
    private final int createType;
    private final String creator;
    private final long createTime;
    private final String text;
    private final JsonNode attachments;
    private final boolean tagFiltered;
    private final Map<String, MomentTask> tasks = new LinkedHashMap<>();
    private boolean cancelled;

    public Moment(
            long seq,
            String momentId,
            int createType,
            String creator,
            long createTime,
            String text,
            JsonNode attachments,
            boolean tagFiltered) {
        this.seq = seq;
        this.momentId = momentId;
        this.createType = createType;
        this.creator = creator;
        this.createTime = createTime;
        this.text = text;
        this.attachments = attachments;
        this.tagFiltered = tagFiltered;
    }

    public long seq() {
        return seq;
    }

    public String momentId() {
        return momentId;
    }

    public int createType() {
        return createType;
    }

    public String creator() {
        return creator;
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

    /** visible_type: 0 visible to some customers (a tag filter), 1 to all. */
    public int visibleType() {
        return tagFiltered ? 0 : 1;
    }

    public boolean cancelled() {
        return cancelled;
    }

    public void cancel() {
        cancelled = true;
    }

    public void addTask(MomentTask task) {
        tasks.put(task.userid(), task);
    }

    public Optional<MomentTask> task(String userid) {
        return Optional.ofNullable(tasks.get(userid));
    }

    public Collection<MomentTask> tasks() {
        return List.copyOf(tasks.values());
    }
}
