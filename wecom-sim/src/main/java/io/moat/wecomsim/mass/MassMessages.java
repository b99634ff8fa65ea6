package io.moat.wecomsim.mass;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** The corp's mass messages and what its customers and groups received. Callers hold the corp's lock. */
public final class MassMessages {

    /** A task whose virtual member has reached the moment they confirm. */
    public record DueTask(MassMessage message, MassTask task, Instant at) {}

    private final Map<String, MassMessage> messages = new LinkedHashMap<>();
    private final ReceiveLedger ledger = new ReceiveLedger();
    private long nextSeq = 1;

    /**
     * Tasks whose member will confirm by themselves and has not yet, by confirmation time, then message, then the
     * task's place in its message: the order {@link #due} answers in. {@link #due} runs before every API call (the
     * corp catches up first), and scanning every task of every message there made each call cost as much as all
     * mass messages ever created: at 50,000 tasks the sim, not the caller, set the pace. Entries of tasks that were
     * sent or cancelled some other way are dropped when reached.
     */
    private final TreeSet<Waiting> waiting = new TreeSet<>();

    private record Waiting(Instant at, long seq, int place, MassMessage message, MassTask task)
            implements Comparable<Waiting> {
        private static final Comparator<Waiting> ORDER = Comparator.comparing(Waiting::at)
                .thenComparingLong(Waiting::seq)
                .thenComparingInt(Waiting::place);

        @Override
        public int compareTo(Waiting other) {
            return ORDER.compare(this, other);
        }
    }

    public long nextSeq() {
        return nextSeq++;
    }

    /** Adds a message with all its tasks (they are made before it is added, and never later). */
    public void add(MassMessage message) {
        messages.put(message.msgid(), message);
        int place = 0;
        for (MassTask task : message.tasks()) {
            int at = place++;
            task.confirmAt()
                    .filter(moment -> !task.sent())
                    .ifPresent(moment -> waiting.add(new Waiting(moment, message.seq(), at, message, task)));
        }
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
        var entries = waiting.iterator();
        while (entries.hasNext()) {
            Waiting entry = entries.next();
            if (entry.at().isAfter(now)) {
                break;
            }
            if (entry.task().sent() || entry.message().cancelled()) {
                entries.remove(); // confirmed through the control API, or the message was cancelled
                continue;
            }
            due.add(new DueTask(entry.message(), entry.task(), entry.at()));
        }
        return due;
    }

    /** The first of {@link #due}, without listing the rest. */
    public Optional<DueTask> firstDue(Instant now) {
        var entries = waiting.iterator();
        while (entries.hasNext()) {
            Waiting entry = entries.next();
            if (entry.at().isAfter(now)) {
                return Optional.empty();
            }
            if (entry.task().sent() || entry.message().cancelled()) {
                entries.remove();
                continue;
            }
            return Optional.of(new DueTask(entry.message(), entry.task(), entry.at()));
        }
        return Optional.empty();
    }
}
