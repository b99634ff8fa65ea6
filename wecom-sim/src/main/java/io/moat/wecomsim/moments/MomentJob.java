package io.moat.wecomsim.moments;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * An add_moment_task call waiting to be carried out: WeCom creates the moment asynchronously, the simulator one
 * second of simulated time after the call. Until then the job answers status 1; afterwards 3, with the moment id
 * and what in the visible range was invalid.
 */
public final class MomentJob {

    public static final Duration CREATION_TIME = Duration.ofSeconds(1);
    public static final Duration VALIDITY = Duration.ofHours(24);
    public static final int STARTED = 1;
    public static final int DONE = 3;

    /** What the request named: senders, departments and the tag filter. */
    public record Request(
            String text, JsonNode attachments, List<String> users, List<Long> departments, List<String> tags) {}

    /** What the job found: the moment and the ids that did not exist. */
    public record Result(
            String momentId, List<String> invalidUsers, List<Long> invalidDepartments, List<String> invalidTags) {}

    private final String jobid;
    private final Instant createdAt;
    private final Request request;
    private Result result;

    public MomentJob(String jobid, Instant createdAt, Request request) {
        this.jobid = jobid;
        this.createdAt = createdAt;
        this.request = request;
    }

    public String jobid() {
        return jobid;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant dueAt() {
        return createdAt.plus(CREATION_TIME);
    }

    public Request request() {
        return request;
    }

    public boolean done() {
        return result != null;
    }

    public Result result() {
        return result;
    }

    public void finish(Result outcome) {
        this.result = outcome;
    }

    public boolean expiredAt(Instant now) {
        return now.isAfter(createdAt.plus(VALIDITY));
    }
}
