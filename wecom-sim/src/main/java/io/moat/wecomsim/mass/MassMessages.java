package io.moat.wecomsim.mass;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The corp's mass messages and what its customers and groups received. Callers hold the corp's lock. */
public final class MassMessages {

    /** A task whose virtual member has reached the moment they confirm. */
    public record DueTask(MassMessage message, MassTask task, Instant at) {}

    private final Map<String, MassMessage> messages = new LinkedHashMap<>();
    private final ReceiveLedger ledger = new ReceiveLedger();
    private long nextSeq = 1;

    public long nextSeq() {
        return nextSeq++;
    }

    public void add(MassMessage message) {
        messages.put(message.msgid(), message);
    }

    public Optional<MassMessage> find(String msgid) {
        return Optional.ofNullable(msgid == null ? null : messages.get(msgid));
    }

    /** In creation order. */
    public List<MassMessage> all() {
        return List.copyOf(messages.values());
    }

    public ReceiveLedger ledger() {
        return ledger;
    }

    /**
     * Unsent tasks of live messages whose confirmation time has come, earliest first, so that the receive cap goes to
     * whichever message a customer would really have received first.
     */
    public List<DueTask> due(Instant now) {
        List<DueTask> due = new ArrayList<>();
        for (MassMessage message : messages.values()) {
            if (message.cancelled()) {
                continue;
            }
            for (MassTask task : message.tasks()) {
                task.confirmAt()
                        .filter(at -> !task.sent() && !at.isAfter(now))
                        .ifPresent(at -> due.add(new DueTask(message, task, at)));
            }
        }
        due.sort(
                Comparator.comparing(DueTask::at).thenComparing(d -> d.message().seq()));
        return due;
    }
}
