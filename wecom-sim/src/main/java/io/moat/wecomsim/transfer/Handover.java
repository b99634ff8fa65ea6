package io.moat.wecomsim.transfer;

import java.time.Instant;

/**
 * One customer handed from one member to another (在职继承 or 离职继承). It waits 24 hours (status 2, takeover_time
 * in the future) and is then settled. Status follows transfer_result: 1 taken over, 2 waiting, 3 refused by the
 * customer, 4 the takeover member reached their customer limit, 5 no record (the relation was gone by then).
 * Callers hold the corp's lock.
 */
public final class Handover {

    public static final int TAKEN_OVER = 1;
    public static final int WAITING = 2;
    public static final int REFUSED = 3;
    public static final int LIMIT_EXCEEDED = 4;
    public static final int NO_RECORD = 5;

    /** On-job transfers need the customer's consent and are rationed; resigned ones are not. */
    public enum Kind {
        ON_JOB,
        RESIGNED
    }

    private final long seq;
    private final Kind kind;
    private final String handoverUserid;
    private final String takeoverUserid;
    private final String externalUserId;
    private final Instant startedAt;
    private final String successMessage;
    private Instant takeoverTime;
    private int status = WAITING;

    public Handover(
            long seq,
            Kind kind,
            String handoverUserid,
            String takeoverUserid,
            String externalUserId,
            Instant startedAt,
            Instant takeoverTime,
            String successMessage) {
        this.seq = seq;
        this.kind = kind;
        this.handoverUserid = handoverUserid;
        this.takeoverUserid = takeoverUserid;
        this.externalUserId = externalUserId;
        this.startedAt = startedAt;
        this.takeoverTime = takeoverTime;
        this.successMessage = successMessage;
    }

    public long seq() {
        return seq;
    }

    public Kind kind() {
        return kind;
    }

    public String handoverUserid() {
        return handoverUserid;
    }

    public String takeoverUserid() {
        return takeoverUserid;
    }

    public String externalUserId() {
        return externalUserId;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant takeoverTime() {
        return takeoverTime;
    }

    public String successMessage() {
        return successMessage;
    }

    public int status() {
        return status;
    }

    public boolean waiting() {
        return status == WAITING;
    }

    public void settle(int newStatus) {
        this.status = newStatus;
    }
}
