package io.moat.wecomsim.control;

import io.moat.wecomsim.callbacks.CallbackConfig;
import io.moat.wecomsim.callbacks.UrlVerification;
import io.moat.wecomsim.crypto.CryptoFailure;
import io.moat.wecomsim.http.Json;
import io.moat.wecomsim.world.App;
import io.moat.wecomsim.world.CorpState;
import io.moat.wecomsim.world.World;
import tools.jackson.databind.node.ObjectNode;

/** Creating corps and pointing their app's callbacks somewhere. */
public final class CorpRoutes implements ControlRoute.Group {

    static final long DEFAULT_AGENT_ID = 1000002;

    private final World world;

    public CorpRoutes(World world) {
        this.world = world;
    }

    @Override
    public void register(ControlRoutes routes) {
        routes.post("/sim/corps", this::create);
        routes.get("/sim/corps/{corpId}", this::describe);
        routes.put("/sim/corps/{corpId}/callback", this::callback);
    }

    /** The callback URL, when given, must pass the echostr handshake before pushes start. */
    private ControlAnswer create(ControlRequest request) {
        String corpId = request.requiredText("corpId");
        String secret = request.requiredText("secret");
        long agentId = request.number("agentId").orElse(DEFAULT_AGENT_ID);
        CallbackConfig config =
                request.text("callbackUrl").map(url -> config(request, url)).orElse(null);
        CorpState corp = world.create(corpId, new App(agentId, secret))
                .orElseThrow(() -> ControlError.conflict("corp " + corpId + " exists"));
        ObjectNode answer = Json.object().put("corpId", corpId).put("agentId", agentId);
        UrlVerification.Outcome outcome = config == null
                ? new UrlVerification.Outcome(false, "no callback URL: events are not pushed")
                : corp.callbacks().configure(config);
        return ControlAnswer.created(answer.put("verified", outcome.verified()).put("detail", outcome.detail()));
    }

    private ControlAnswer callback(ControlRequest request) {
        CorpState corp = request.corp();
        UrlVerification.Outcome outcome = request.text("callbackUrl")
                .map(url -> corp.callbacks().configure(config(request, url)))
                .orElseGet(() -> {
                    corp.callbacks().disable();
                    return new UrlVerification.Outcome(false, "callbacks disabled");
                });
        return ControlAnswer.ok(
                Json.object().put("verified", outcome.verified()).put("detail", outcome.detail()));
    }

    private ControlAnswer describe(ControlRequest request) {
        CorpState corp = request.corp();
        ObjectNode answer = Json.object()
                .put("corpId", corp.corpId())
                .put("agentId", corp.app().agentId());
        corp.callbacks()
                .config()
                .ifPresentOrElse(c -> answer.put("callbackUrl", c.url()), () -> answer.putNull("callbackUrl"));
        return ControlAnswer.ok(answer);
    }

    private static CallbackConfig config(ControlRequest request, String url) {
        try {
            return new CallbackConfig(url, request.requiredText("token"), request.requiredText("encodingAesKey"));
        } catch (CryptoFailure e) {
            throw ControlError.badRequest(e.getMessage());
        }
    }
}
