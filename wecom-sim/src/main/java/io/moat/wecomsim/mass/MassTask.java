package io.moat.wecomsim.mass;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one sender must confirm in the WeCom client. Status follows get_groupmsg_task: 0 not sent, 2 sent. The
 * virtual member's confirmation time is drawn when the message is created; empty means they never confirm by
 * themselves. Callers hold the corp's lock.
 */
public final class MassTask {

    public static final int UNSENT = 0;
    public static final int SENT = 2;

    private final String userid;
    private final Instant confirmAt;
    private final List<MassRecipient> recipients = new ArrayList<>();
    private int status = UNSENT;
    private long sendTime;

    public MassTask(String userid, Instant confirmAt) {
        this.userid = userid;
        this.confirmAt = confirmAt;
    }

    public String userid() {
        return userid;
    }

    public int status() {
        return status;
    }

    public long sendTime() {
        return sendTime;
    }

    public Optional<Instant> confirmAt() {
        return Optional.ofNullable(confirmAt);
    }

    public boolean sent() {
        return status == SENT;
    }

    public List<MassRecipient> recipients() {
        return List.copyOf(recipients);
    }

    public void add(MassRecipient recipient) {
        recipients.add(recipient);
    }

    /** The member confirmed at {@code at}: every recipient now has its outcome. */
    public void confirmed(long at, List<MassRecipient> outcomes) {
        status = SENT;
        sendTime = at;
        recipients.clear();
        recipients.addAll(outcomes);
    }
}
