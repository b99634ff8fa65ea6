package io.moat.wecomsim.api;

import io.moat.wecomsim.SimClock;
import io.moat.wecomsim.http.HttpCall;
import io.moat.wecomsim.http.Json;
import io.moat.wecomsim.world.CorpState;
import io.moat.wecomsim.world.RateLimits;
import io.moat.wecomsim.world.World;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The /cgi-bin surface. Every call passes the same gates in WeCom's order: known path (else 404, empty body),
 * access_token from the query string only (41001 / 40014 / 42001), frequency limits (45009), scripted faults,
 * request shape (40058), and only then the endpoint, under the corp's lock. Answers are HTTP 200 JSON with
 * errcode and errmsg first; a failure still carries the endpoint's empty fields.
 */
public final class WecomApi {

    public static final String GETTOKEN = "/cgi-bin/gettoken";
    private static final Logger log = LoggerFactory.getLogger(WecomApi.class);

    private final World world;
    private final SimClock clock;
    private final ApiEndpoints endpoints;
    private final AccessTokens tokens;
    private final RateLimiter limiter;
    private final Errmsg errmsg;
    private final TokenEndpoint gettoken;

    public WecomApi(
            World world,
            SimClock clock,
            ApiEndpoints endpoints,
            AccessTokens tokens,
            RateLimiter limiter,
            Errmsg errmsg,
            TokenEndpoint gettoken) {
        this.world = world;
        this.clock = clock;
        this.endpoints = endpoints;
        this.tokens = tokens;
        this.limiter = limiter;
        this.errmsg = errmsg;
        this.gettoken = gettoken;
    }

    public void handle(HttpCall call) {
        String path = call.path();
        if (path.equals(GETTOKEN)) {
            gettoken.handle(call);
            return;
        }
        endpoints.find(path).ifPresentOrElse(endpoint -> handle(call, endpoint), () -> call.respondEmpty(404));
    }

    private void handle(HttpCall call, ApiEndpoint endpoint) {
        String token = call.query("access_token");
        if (token == null || token.isEmpty()) {
            fail(call, endpoint, null, new ApiError(ErrCode.ACCESS_TOKEN_MISSING, "no access_token in the query"));
            return;
        }
        switch (tokens.find(token, clock.now())) {
            case AccessTokens.Lookup.Unknown unknown ->
                fail(call, endpoint, null, new ApiError(ErrCode.INVALID_ACCESS_TOKEN, "token never issued"));
            case AccessTokens.Lookup.Expired expired ->
                fail(
                        call,
                        endpoint,
                        world.find(expired.token().corpId()).orElse(null),
                        new ApiError(ErrCode.ACCESS_TOKEN_EXPIRED, "token expired or invalidated"));
            case AccessTokens.Lookup.Valid valid ->
                world.find(valid.token().corpId())
                        .ifPresentOrElse(
                                corp -> serve(call, endpoint, corp),
                                () -> fail(
                                        call,
                                        endpoint,
                                        null,
                                        new ApiError(ErrCode.INVALID_ACCESS_TOKEN, "corp no longer exists")));
        }
    }

    private void serve(HttpCall call, ApiEndpoint endpoint, CorpState corp) {
        if (NetworkConditions.interfere(call, corp)) {
            return;
        }
        try {
            admit(call, endpoint, corp);
            ApiRequest request = new ApiRequest(corp, call.queryParameters(), body(call, endpoint));
            ObjectNode fields;
            synchronized (corp) {
                corp.catchUp();
                fields = endpoint.handler().handle(request);
            }
            ObjectNode answer = Json.object().put("errcode", 0).put("errmsg", "ok");
            answer.setAll(fields);
            corp.apiCalls().record(endpoint.path(), 0, clock.now(), "", redacted(call), bodyText(call, endpoint));
            if (NetworkConditions.losesAnswer(corp, endpoint.path())) {
                call.respondEmpty(502);
                return;
            }
            call.respond(200, answer);
        } catch (ApiError error) {
            fail(call, endpoint, corp, error);
        }
    }

    private void admit(HttpCall call, ApiEndpoint endpoint, CorpState corp) {
        RateLimits limits = corp.knobs().rateLimits();
        String refusal = limiter.admit(corp.corpId(), call.remoteIp(), endpoint.path(), limits, clock.now());
        if (refusal != null) {
            throw new ApiError(ErrCode.FREQ_OUT_OF_LIMIT, refusal);
        }
        OptionalInt scripted = corp.knobs().takeFailure(endpoint.path());
        if (scripted.isPresent()) {
            throw new ApiError(scripted.getAsInt(), "failNext knob");
        }
        if (endpoint.post() && !call.method().equals("POST")) {
            throw ApiError.invalid(endpoint.path() + " requires POST");
        }
    }

    private static JsonNode body(HttpCall call, ApiEndpoint endpoint) {
        if (!endpoint.post()) {
            return Json.object();
        }
        try {
            JsonNode body = Json.parse(call.body());
            if (!body.isObject()) {
                throw ApiError.invalid("body must be a JSON object");
            }
            return body;
        } catch (JacksonException e) {
            throw ApiError.invalid("body is not valid JSON");
        }
    }

    private void fail(HttpCall call, ApiEndpoint endpoint, CorpState corp, ApiError error) {
        ObjectNode answer = Json.object()
                .put("errcode", error.errcode())
                .put("errmsg", errmsg.of(error.errcode(), clock.epochSecond(), call.remoteIp()));
        answer.setAll(endpoint.emptyFields().deepCopy());
        if (corp != null) {
            corp.apiCalls()
                    .record(
                            endpoint.path(),
                            error.errcode(),
                            clock.now(),
                            error.detail(),
                            redacted(call),
                            bodyText(call, endpoint));
        }
        log.info("{} -> {} ({})", endpoint.path(), error.errcode(), error.detail());
        call.respond(200, answer);
    }

    /** The query without the token, for the record. */
    private static String redacted(HttpCall call) {
        StringBuilder out = new StringBuilder();
        call.queryParameters().forEach((name, value) -> {
            if (!name.equals("access_token")) {
                out.append(out.isEmpty() ? "" : "&").append(name).append('=').append(value);
            }
        });
        return out.toString();
    }

    private static String bodyText(HttpCall call, ApiEndpoint endpoint) {
        if (!endpoint.post()) {
            return "";
        }
        String body = call.body();
        return body.length() <= 2_000 ? body : body.substring(0, 2_000) + "…";
    }
}
