package io.moat.wecomsim.moments;

import io.moat.wecomsim.contacts.FollowRelation;
import io.moat.wecomsim.contacts.Staff;
import io.moat.wecomsim.http.Json;
import io.moat.wecomsim.mass.ReceiveCap;
import io.moat.wecomsim.random.RandomStream;
import io.moat.wecomsim.world.ChinaTime;
import io.moat.wecomsim.world.CorpState;
import io.moat.wecomsim.world.Due;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How moments come about and who sees them. A job becomes a moment one second after add_moment_task; each sender
 * then publishes it when the staff knobs say (or on command), and each targeted customer sees it only while under
 * their cap: by default 4 enterprise moments a calendar month and 3 personal ones a day (Beijing time).
 */
public final class MomentPublishing {

    private MomentPublishing() {}

    /** The earliest job to carry out or task to publish, if any is due. */
    public static Optional<Due> next(CorpState corp) {
        Instant now = corp.now();
        Moments moments = corp.moments();
        Optional<Due> job = moments.nextJob(now).map(j -> new Due(j.dueAt(), () -> create(corp, j)));
        Optional<Due> task =
                moments.nextTask(now).map(d -> new Due(d.at(), () -> publish(corp, d.moment(), d.task(), d.at())));
        if (job.isPresent() && task.isPresent()) {
            return job.get().at().isAfter(task.get().at()) ? task : job;
        }
        return job.isPresent() ? job : task;
    }

    /** Resolves the visible range into senders and their target customers; draws when each member publishes. */
    static void create(CorpState corp, MomentJob job) {
        MomentJob.Request request = job.request();
        Set<String> senders = new LinkedHashSet<>();
        List<String> invalidUsers = new ArrayList<>();
        for (String userid : request.users()) {
            if (corp.directory().staff(userid).filter(Staff::active).isPresent()) {
                senders.add(userid);
            } else {
                invalidUsers.add(userid);
            }
        }
        List<Long> invalidDepartments = new ArrayList<>();
        for (long department : request.departments()) {
            List<Long> subtree = corp.directory().subtree(department).stream()
                    .map(d -> d.id())
                    .toList();
            if (subtree.isEmpty()) {
                invalidDepartments.add(department);
            }
            corp.directory().staffIn(subtree).stream().filter(Staff::active).forEach(s -> senders.add(s.userid()));
        }
        if (request.users().isEmpty() && request.departments().isEmpty()) {
            corp.directory().allStaff().stream().filter(Staff::active).forEach(s -> senders.add(s.userid()));
        }
        List<String> tags = request.tags().stream()
                .filter(t -> corp.tags().tag(t).isPresent())
                .toList();
        List<String> invalidTags =
                request.tags().stream().filter(t -> !tags.contains(t)).toList();
        Moment moment = new Moment(
                corp.moments().nextSeq(),
                corp.ids().momentId(),
                Moment.BY_ENTERPRISE,
                "",
                job.createdAt().getEpochSecond(),
                request.text(),
                request.attachments(),
                !request.tags().isEmpty());
        RandomStream random = corp.random("staff");
        for (String sender : senders) {
            List<String> targets = corp.customers().relationsOf(sender).stream()
                    .filter(r -> request.tags().isEmpty() || r.tagIds().stream().anyMatch(tags::contains))
                    .map(FollowRelation::externalUserId)
                    .toList();
            Instant publishAt = corp.knobs()
                    .virtualStaff()
                    .confirmationTime(random, job.dueAt())
                    .orElse(null);
            moment.addTask(new MomentTask(sender, targets, publishAt));
        }
        corp.moments().add(moment);
        job.finish(new MomentJob.Result(moment.momentId(), invalidUsers, invalidDepartments, invalidTags));
    }

    public static void publish(CorpState corp, Moment moment, MomentTask task, Instant at) {
        List<String> visible = new ArrayList<>();
        for (String customer : task.targets()) {
            String key = (moment.createType() == Moment.BY_ENTERPRISE ? "enterprise:" : "personal:") + customer;
            ReceiveCap.Window window = window(corp, moment, at);
            if (!corp.moments().shown().full(key, window)) {
                corp.moments().shown().record(key, at);
                visible.add(customer);
            }
        }
        task.publish(visible);
    }

    /** A member posts to their own customers' Moments from the client: published at once. */
    public static Moment personal(CorpState corp, String userid, String text) {
        Moment moment = new Moment(
                corp.moments().nextSeq(),
                corp.ids().momentId(),
                Moment.BY_MEMBER,
                userid,
                corp.epochSecond(),
                text,
                Json.array(),
                false);
        List<String> targets = corp.customers().relationsOf(userid).stream()
                .map(FollowRelation::externalUserId)
                .toList();
        MomentTask task = new MomentTask(userid, targets, null);
        moment.addTask(task);
        corp.moments().add(moment);
        publish(corp, moment, task, corp.now());
        return moment;
    }

    private static ReceiveCap.Window window(CorpState corp, Moment moment, Instant at) {
        LocalDate day = ChinaTime.date(at);
        if (moment.createType() == Moment.BY_ENTERPRISE) {
            LocalDate first = day.withDayOfMonth(1);
            return new ReceiveCap.Window(
                    ChinaTime.startOf(first),
                    ChinaTime.startOf(first.plusMonths(1)),
                    corp.knobs().momentEnterpriseMonthlyCap());
        }
        return new ReceiveCap.Window(
                ChinaTime.startOf(day),
                ChinaTime.startOf(day.plusDays(1)),
                corp.knobs().momentPersonalDailyCap());
    }
}
