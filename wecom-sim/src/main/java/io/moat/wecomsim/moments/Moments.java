package io.moat.wecomsim.moments;

import io.moat.wecomsim.mass.ReceiveLedger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The corp's moments, pending jobs, and how many each customer was shown. Callers hold the corp's lock. */
public final class Moments {

    /** A member's task whose publishing moment has come. */
    public record DueTask(Moment moment, MomentTask task, Instant at) {}

    private final Map<String, MomentJob> jobs = new LinkedHashMap<>();
    private final Map<String, Moment> moments = new LinkedHashMap<>();
    private final ReceiveLedger shown = new ReceiveLedger();
    private long nextSeq = 1;

    public long nextSeq() {
        return nextSeq++;
    }

    public void addJob(MomentJob job) {
        jobs.put(job.jobid(), job);
    }

    public Optional<MomentJob> job(String jobid) {
        return Optional.ofNullable(jobid == null ? null : jobs.get(jobid));
    }

    public void add(Moment moment) {
        moments.put(moment.momentId(), moment);
    }

    public Optional<Moment> find(String momentId) {
        return Optional.ofNullable(momentId == null ? null : moments.get(momentId));
    }

    public List<Moment> all() {
        return List.copyOf(moments.values());
    }

    /** Per customer and kind of moment, when they were shown one; the visibility caps count it. */
    public ReceiveLedger shown() {
        return shown;
    }

    public Optional<MomentJob> nextJob(Instant now) {
        return jobs.values().stream()
                .filter(j -> !j.done() && !j.dueAt().isAfter(now))
                .min(Comparator.comparing(MomentJob::dueAt));
    }

    public Optional<DueTask> nextTask(Instant now) {
        List<DueTask> due = new ArrayList<>();
        for (Moment moment : moments.values()) {
            if (moment.cancelled()) {
                continue;
            }
            for (MomentTask task : moment.tasks()) {
                task.publishAt()
                        .filter(at -> !task.published() && !at.isAfter(now))
                        .ifPresent(at -> due.add(new DueTask(moment, task, at)));
            }
        }
        return due.stream().min(Comparator.comparing(DueTask::at).thenComparingLong(d -> d.moment()
                .seq()));
    }
}
