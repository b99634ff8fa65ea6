package io.moat.wecomsim.api;

import io.moat.wecomsim.http.Json;
import io.moat.wecomsim.welcome.Delivery;
import io.moat.wecomsim.welcome.WelcomeCode;
import io.moat.wecomsim.world.CorpState;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code send_welcome_msg}: spends the welcome code of an add event (once, within 20 s of simulated time) and
 * delivers text and attachments to the virtual customer, where the deliveries record shows them.
 */
final class WelcomeEndpoints {

    private WelcomeEndpoints() {}

    static void register(ApiEndpoints endpoints) {
        endpoints.post("/cgi-bin/externalcontact/send_welcome_msg", Json.object(), WelcomeEndpoints::send);
    }

    /** The message is checked before the code, so a malformed request does not burn the customer's only code. */
    private static ObjectNode send(ApiRequest request) {
        CorpState corp = request.corp();
        MessageContent content = MessageContent.read(request);
        String code = request.text("welcome_code");
        WelcomeCode welcome = corp.welcomeCodes()
                .find(code)
                .orElseThrow(() -> new ApiError(ErrCode.INVALID_WELCOME_CODE, "unknown welcome_code"));
        if (welcome.used()) {
            throw new ApiError(ErrCode.ALREADY_CHATTING, "welcome_code already used");
        }
        if (welcome.expiredAt(corp.now())) {
            throw new ApiError(ErrCode.INVALID_WELCOME_CODE, "welcome_code older than 20 s");
        }
        corp.welcomeCodes().spend(welcome);
        corp.deliveries()
                .record(new Delivery(
                        corp.deliveries().nextSeq(),
                        "welcome_msg",
                        welcome.userid(),
                        welcome.externalUserId(),
                        "",
                        content.text(),
                        content.attachments(),
                        corp.now()));
        if (!content.text().isEmpty()) {
            corp.archive().send(welcome.userid(), List.of(welcome.externalUserId()), "", content.text(), corp.now());
        }
        return Json.object();
    }
}
