package io.moat.wecomsim.world;

import io.moat.wecomsim.mass.ReceiveCap;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** The faults and limits a test can turn for one corp. Read from request and pusher threads alike. */
public final class Knobs {

    /** A scripted failure: the next {@code remaining} calls to a path answer {@code errcode}. */
    public record ScriptedFailure(int errcode, int remaining) {}

    private volatile double duplicateCallbacks;
    private volatile long callbackTimeoutMillis = 5_000;
    private volatile RateLimits rateLimits = RateLimits.WECOM;
    private volatile boolean tagConflicts;
    private volatile ReceiveCap massReceiveCap = ReceiveCap.DAYS_IN_MONTH;
    private volatile VirtualStaff virtualStaff = VirtualStaff.PASSIVE;
    private volatile double transferRefusal;
    private volatile int staffCustomerCap = 50_000;
    private volatile int momentEnterpriseMonthlyCap = 4;
    private volatile int momentPersonalDailyCap = 3;
    private volatile double halfAddShare;
    private volatile long visibleMembers = -1;
    private volatile int corpTagCap = 10_000;
    private volatile long minLatencyMillis;
    private volatile long maxLatencyMillis;
    private volatile double serverErrors;
    private volatile double lostAnswers;
    private volatile String lostAnswersApi = "";
    private volatile boolean dropExcessAppMessages;
    private final Map<String, ScriptedFailure> failures = new HashMap<>();

    /** Every API answer waits a uniform draw from [min, max] milliseconds (real time; B6 uses 50–200). */
    public long[] latencyMillis() {
        return new long[] {minLatencyMillis, maxLatencyMillis};
    }

    public void latencyMillis(long min, long max) {
        if (min < 0 || max < min) {
            throw new IllegalArgumentException("latencyMillis must be [min,max] with 0 <= min <= max");
        }
        this.minLatencyMillis = min;
        this.maxLatencyMillis = max;
    }

    /** The share of API calls answered HTTP 502 with an empty body, before they do anything (B6 uses 0.005). */
    public double serverErrors() {
        return serverErrors;
    }

    public void serverErrors(double probability) {
        if (probability < 0 || probability > 1) {
            throw new IllegalArgumentException("serverErrors must be 0.0..1.0");
        }
        this.serverErrors = probability;
    }

    /**
     * The share of API calls that WeCom serves in full but whose answer never reaches the caller (it gets HTTP 502):
     * the case that makes blind retries of a send deliver twice.
     */
    public double lostAnswers() {
        return lostAnswers;
    }

    public void lostAnswers(double probability) {
        if (probability < 0 || probability > 1) {
            throw new IllegalArgumentException("lostAnswers must be 0.0..1.0");
        }
        this.lostAnswers = probability;
    }

    /** The API path whose answers {@link #lostAnswers} loses; empty (default) for every path. */
    public String lostAnswersApi() {
        return lostAnswersApi;
    }

    public void lostAnswersApi(String path) {
        this.lostAnswersApi = path;
    }

    /**
     * App messages over a member's 30 a minute / 1000 an hour: rejected with 45009 (default, as the benchmark
     * contract says) or, as WeCom's documentation says, answered ok and silently not delivered.
     */
    public boolean dropExcessAppMessages() {
        return dropExcessAppMessages;
    }

    public void dropExcessAppMessages(boolean drop) {
        this.dropExcessAppMessages = drop;
    }

    /** The share of scans that arrive as add_half_external_contact instead of add_external_contact. */
    public double halfAddShare() {
        return halfAddShare;
    }

    public void halfAddShare(double share) {
        if (share < 0 || share > 1) {
            throw new IllegalArgumentException("halfAddShare must be within 0.0..1.0");
        }
        this.halfAddShare = share;
    }

    /** Members in the app's visible range as groupchat/list sees it; empty means the directory's size. */
    public OptionalLong visibleMembers() {
        return visibleMembers < 0 ? OptionalLong.empty() : OptionalLong.of(visibleMembers);
    }

    /** A negative count goes back to counting the directory. */
    public void visibleMembers(long count) {
        this.visibleMembers = Math.max(-1, count);
    }

    public int corpTagCap() {
        return corpTagCap;
    }

    public void corpTagCap(long cap) {
        this.corpTagCap = nonNegative(cap, "corpTagCap");
    }

    public int momentEnterpriseMonthlyCap() {
        return momentEnterpriseMonthlyCap;
    }

    public void momentEnterpriseMonthlyCap(long cap) {
        this.momentEnterpriseMonthlyCap = nonNegative(cap, "momentEnterpriseMonthlyCap");
    }

    public int momentPersonalDailyCap() {
        return momentPersonalDailyCap;
    }

    public void momentPersonalDailyCap(long cap) {
        this.momentPersonalDailyCap = nonNegative(cap, "momentPersonalDailyCap");
    }

    private static int nonNegative(long value, String knob) {
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(knob + " must be a non-negative integer");
        }
        return (int) value;
    }

    public double transferRefusal() {
        return transferRefusal;
    }

    public void transferRefusal(double probability) {
        if (probability < 0 || probability > 1) {
            throw new IllegalArgumentException("transferRefusal must be within 0.0..1.0");
        }
        this.transferRefusal = probability;
    }

    public int staffCustomerCap() {
        return staffCustomerCap;
    }

    public void staffCustomerCap(long cap) {
        if (cap < 0 || cap > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("staffCustomerCap must be a non-negative integer");
        }
        this.staffCustomerCap = (int) cap;
    }

    public ReceiveCap massReceiveCap() {
        return massReceiveCap;
    }

    public void massReceiveCap(ReceiveCap cap) {
        this.massReceiveCap = cap;
    }

    public VirtualStaff virtualStaff() {
        return virtualStaff;
    }

    public void virtualStaff(VirtualStaff staff) {
        this.virtualStaff = staff;
    }

    public double duplicateCallbacks() {
        return duplicateCallbacks;
    }

    public void duplicateCallbacks(double probability) {
        if (probability < 0 || probability > 1) {
            throw new IllegalArgumentException("duplicateCallbacks must be within 0.0..1.0");
        }
        this.duplicateCallbacks = probability;
    }

    public Duration callbackTimeout() {
        return Duration.ofMillis(callbackTimeoutMillis);
    }

    public void callbackTimeoutMillis(long millis) {
        if (millis <= 0) {
            throw new IllegalArgumentException("callbackTimeoutMillis must be positive");
        }
        this.callbackTimeoutMillis = millis;
    }

    public RateLimits rateLimits() {
        return rateLimits;
    }

    public void rateLimits(RateLimits limits) {
        this.rateLimits = limits;
    }

    public boolean tagConflicts() {
        return tagConflicts;
    }

    public void tagConflicts(boolean on) {
        this.tagConflicts = on;
    }

    public synchronized void failNext(String path, int errcode, int count) {
        if (count <= 0) {
            failures.remove(path);
        } else {
            failures.put(path, new ScriptedFailure(errcode, count));
        }
    }

    /** The scripted errcode for this call to the path, if one is left; consumes it. */
    public synchronized OptionalInt takeFailure(String path) {
        ScriptedFailure failure = failures.get(path);
        if (failure == null) {
            return OptionalInt.empty();
        }
        if (failure.remaining() <= 1) {
            failures.remove(path);
        } else {
            failures.put(path, new ScriptedFailure(failure.errcode(), failure.remaining() - 1));
        }
        return OptionalInt.of(failure.errcode());
    }

    public synchronized Map<String, ScriptedFailure> scriptedFailures() {
        return Map.copyOf(failures);
    }
}
