package io.moat.wecomsim.api;

import io.moat.wecomsim.appmsg.DuplicateChecks;
import io.moat.wecomsim.appmsg.StaffMessageLimits;
import io.moat.wecomsim.http.Json;
import io.moat.wecomsim.welcome.Delivery;
import io.moat.wecomsim.world.CorpState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code message/send}: an app message (text, markdown or textcard) from the corp's app to members named in
 * {@code touser} ("a|b"). Unknown members come back in {@code invaliduser}. A member may receive 30 a minute and 1000
 * an hour: past that the whole call answers 45009 (knob {@code appMessageExcess} "reject", default) or those members
 * are silently skipped ("drop", as WeCom documents it). Delivered messages are recorded as deliveries of kind
 * {@code app_msg}. With {@code "enable_duplicate_check": 1} a request equal to one accepted within
 * {@code duplicate_check_interval} seconds (default 1800) is answered ok and not received again.
 */
final class AppMessageEndpoints {

    private static final Set<String> TYPES = Set.of("text", "markdown", "textcard");

    private AppMessageEndpoints() {}

    static void register(ApiEndpoints endpoints) {
        endpoints.post(
                "/cgi-bin/message/send",
                Json.object().put("invaliduser", "").put("invalidparty", "").put("invalidtag", ""),
                AppMessageEndpoints::send);
    }

    private static ObjectNode send(ApiRequest request) {
        CorpState corp = request.corp();
        String type = request.text("msgtype");
        if (!TYPES.contains(type)) {
            throw new ApiError(ErrCode.INVALID_MSGTYPE, "msgtype must be text, markdown or textcard");
        }
        if (request.number("agentid", -1) != corp.app().agentId()) {
            throw new ApiError(301002, "agentid does not match the access_token's app");
        }
        String text = type.equals("textcard")
                ? request.nested(request.body().path("textcard")).text("description")
                : request.nested(request.body().path(type)).text("content");
        if (text.isEmpty() || text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 2048) {
            throw ApiError.invalid("content must be 1 to 2048 bytes");
        }
        List<String> known = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        for (String userid : Arrays.asList(request.text("touser").split("\\|"))) {
            if (userid.isBlank()) {
                continue;
            }
            (corp.directory().staff(userid).isPresent() ? known : invalid).add(userid);
        }
        if (known.isEmpty()) {
            throw new ApiError(ErrCode.INVALID_USERID, "no valid member in touser");
        }
        if (duplicate(request, corp)) {
            return answer(invalid, corp);
        }
        StaffMessageLimits limits = corp.appMessageLimits();
        List<String> over =
                known.stream().filter(u -> !limits.allows(u, corp.now())).toList();
        if (!over.isEmpty() && !corp.knobs().dropExcessAppMessages()) {
            throw new ApiError(ErrCode.FREQ_OUT_OF_LIMIT, "member " + over.get(0) + " got 30 app messages a minute");
        }
        for (String userid : known) {
            if (over.contains(userid)) {
                continue;
            }
            limits.count(userid, corp.now());
            corp.deliveries()
                    .record(new Delivery(
                            corp.deliveries().nextSeq(), "app_msg", userid, "", "", text, Json.array(), corp.now()));
        }
        return answer(invalid, corp);
    }

    private static boolean duplicate(ApiRequest request, CorpState corp) {
        if (request.number("enable_duplicate_check", 0) != 1) {
            return false;
        }
        long seconds = request.number("duplicate_check_interval", DuplicateChecks.DEFAULT_INTERVAL.toSeconds());
        if (seconds < 1 || seconds > DuplicateChecks.MAX_INTERVAL.toSeconds()) {
            throw ApiError.invalid("duplicate_check_interval must be 1 to 14400 seconds");
        }
        return corp.appMessageDuplicates().seen(request.body().toString(), Duration.ofSeconds(seconds), corp.now());
    }

    private static ObjectNode answer(List<String> invalid, CorpState corp) {
        return Json.object()
                .put("invaliduser", String.join("|", invalid))
                .put("invalidparty", "")
                .put("invalidtag", "")
                .put("msgid", corp.ids().configId())
                .put("response_code", "");
    }
}
