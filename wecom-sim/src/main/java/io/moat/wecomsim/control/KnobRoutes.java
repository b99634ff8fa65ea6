package io.moat.wecomsim.control;

import io.moat.wecomsim.SimClock;
import io.moat.wecomsim.api.AccessTokens;
import io.moat.wecomsim.http.Json;
import io.moat.wecomsim.mass.ReceiveCap;
import io.moat.wecomsim.world.CorpState;
import io.moat.wecomsim.world.Knobs;
import io.moat.wecomsim.world.RateLimits;
import io.moat.wecomsim.world.VirtualStaff;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Faults, limits and time: the knobs a test turns. */
public final class KnobRoutes implements ControlRoute.Group {

    private final AccessTokens tokens;
    private final SimClock clock;

    public KnobRoutes(AccessTokens tokens, SimClock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    @Override
    public void register(ControlRoutes routes) {
        routes.post("/sim/corps/{corpId}/knobs", this::knobs);
        routes.get(
                "/sim/corps/{corpId}/knobs",
                request -> ControlAnswer.ok(knobsJson(request.corp().knobs())));
        routes.post("/sim/clock", this::moveClock);
        routes.get("/sim/clock", request -> ControlAnswer.ok(clockJson()));
    }

    /** Any subset of the knobs in one call; the answer shows them all. */
    private ControlAnswer knobs(ControlRequest request) {
        CorpState corp = request.corp();
        Knobs knobs = corp.knobs();
        ObjectNode answer = Json.object();
        if (request.flag("expireTokens").orElse(false)) {
            answer.put("expiredTokens", tokens.revokeAll(corp.corpId()));
        }
        request.decimal("duplicateCallbacks").ifPresent(knobs::duplicateCallbacks);
        request.number("callbackTimeoutMillis").ifPresent(knobs::callbackTimeoutMillis);
        request.flag("tagConflicts").ifPresent(knobs::tagConflicts);
        JsonNode failNext = request.body().get("failNext");
        if (failNext != null && !failNext.isNull()) {
            ControlRequest fail = new ControlRequest(corp, request.vars(), request.query(), failNext);
            knobs.failNext(
                    fail.requiredText("api"),
                    fail.number("errcode").orElse(-1L).intValue(),
                    fail.number("count").orElse(1L).intValue());
        }
        request.decimal("transferRefusal").ifPresent(knobs::transferRefusal);
        request.number("staffCustomerCap").ifPresent(knobs::staffCustomerCap);
        request.number("momentEnterpriseMonthlyCap").ifPresent(knobs::momentEnterpriseMonthlyCap);
        request.number("momentPersonalDailyCap").ifPresent(knobs::momentPersonalDailyCap);
        request.decimal("halfAddShare").ifPresent(knobs::halfAddShare);
        request.number("visibleMembers").ifPresent(knobs::visibleMembers);
        request.number("corpTagCap").ifPresent(knobs::corpTagCap);
        request.text("massReceiveCap").map(ReceiveCap::parse).ifPresent(knobs::massReceiveCap);
        NetworkKnobs.apply(request, knobs);
        knobs.virtualStaff(virtualStaff(request, knobs.virtualStaff()));
        RateLimits old = knobs.rateLimits();
        knobs.rateLimits(new RateLimits(
                request.number("perCorpPerApiPerMinute").orElse(old.perCorpPerApiPerMinute()),
                request.number("perCorpPerApiPerHour").orElse(old.perCorpPerApiPerHour()),
                request.number("perIpPerApiPerMinute").orElse(old.perIpPerApiPerMinute()),
                request.number("perIpPerApiPerHour").orElse(old.perIpPerApiPerHour())));
        return ControlAnswer.ok(answer.setAll(knobsJson(knobs)));
    }

    private static VirtualStaff virtualStaff(ControlRequest request, VirtualStaff old) {
        double probability = request.decimal("staffConfirmProbability").orElse(old.confirmProbability());
        long min = old.minDelaySeconds();
        long max = old.maxDelaySeconds();
        if (request.has("staffConfirmDelaySeconds")) {
            JsonNode range = request.body().get("staffConfirmDelaySeconds");
            if (!range.isArray()
                    || range.size() != 2
                    || !range.get(0).isIntegralNumber()
                    || !range.get(1).isIntegralNumber()) {
                throw ControlError.badRequest("staffConfirmDelaySeconds must be [min,max] in seconds");
            }
            min = range.get(0).longValue();
            max = range.get(1).longValue();
        }
        return new VirtualStaff(probability, min, max);
    }

    private static ObjectNode knobsJson(Knobs knobs) {
        RateLimits limits = knobs.rateLimits();
        VirtualStaff staff = knobs.virtualStaff();
        ObjectNode json = Json.object()
                .put("duplicateCallbacks", knobs.duplicateCallbacks())
                .put("callbackTimeoutMillis", knobs.callbackTimeout().toMillis())
                .put("tagConflicts", knobs.tagConflicts())
                .put("perCorpPerApiPerMinute", limits.perCorpPerApiPerMinute())
                .put("perCorpPerApiPerHour", limits.perCorpPerApiPerHour())
                .put("perIpPerApiPerMinute", limits.perIpPerApiPerMinute())
                .put("perIpPerApiPerHour", limits.perIpPerApiPerHour())
                .put("massReceiveCap", knobs.massReceiveCap().knob())
                .put("staffConfirmProbability", staff.confirmProbability())
                .put("transferRefusal", knobs.transferRefusal())
                .put("staffCustomerCap", knobs.staffCustomerCap())
                .put("momentEnterpriseMonthlyCap", knobs.momentEnterpriseMonthlyCap())
                .put("momentPersonalDailyCap", knobs.momentPersonalDailyCap())
                .put("halfAddShare", knobs.halfAddShare())
                .put("visibleMembers", knobs.visibleMembers().orElse(-1))
                .put("corpTagCap", knobs.corpTagCap());
        json.putArray("staffConfirmDelaySeconds").add(staff.minDelaySeconds()).add(staff.maxDelaySeconds());
        NetworkKnobs.show(knobs, json);
        ObjectNode failures = json.putObject("failNext");
        knobs.scriptedFailures()
                .forEach((path, f) ->
                        failures.putObject(path).put("errcode", f.errcode()).put("count", f.remaining()));
        return json;
    }

    private ControlAnswer moveClock(ControlRequest request) {
        var advance = request.number("advanceSeconds");
        var target = request.text("set");
        if (advance.isPresent() == target.isPresent()) {
            throw ControlError.badRequest("give exactly one of advanceSeconds and set");
        }
        advance.ifPresent(seconds -> clock.advance(Duration.ofSeconds(seconds)));
        target.ifPresent(text -> {
            try {
                clock.set(Instant.parse(text));
            } catch (DateTimeException e) {
                throw ControlError.badRequest("set must be an ISO-8601 instant such as 2026-01-01T00:00:00Z");
            }
        });
        return ControlAnswer.ok(clockJson());
    }

    private ObjectNode clockJson() {
        Instant now = clock.now();
        return Json.object()
                .put("now", now.toString())
                .put("epochSecond", now.getEpochSecond())
                .put("realTime", clock.isRealTime());
    }
}
