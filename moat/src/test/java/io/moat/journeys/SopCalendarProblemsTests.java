package io.moat.journeys;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.Api;
import io.moat.MoatTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;

/** Bad calendars are refused whole, naming the field; reading needs a calendar; writing needs journeys:write. */
@MoatTest
class SopCalendarProblemsTests {

    @LocalServerPort
    int port;

    static Map<String, Object> slot(String key, String time, String title) {
        return Map.of("key", key, "time", time, "title", title, "text", "内容");
    }

    @Test
    void badCalendarsAreRefusedNamingTheFieldAndNothingIsSaved() {
        Api api = new Api(port);
        String admin = api.admin();
        String slug = api.newWorkspace(admin);
        String base = "/api/v1/workspaces/" + slug + "/sop-calendars";

        var unknownType = api.call(
                HttpMethod.PUT, base + "/nightclub", admin, Map.of("name", "x", "active", true, "slots", List.of()));
        assertThat(unknownType.status()).isEqualTo(400);
        assertThat(Api.fields(unknownType)).containsExactly("groupType");

        var twice = api.call(
                HttpMethod.PUT,
                base + "/vip",
                admin,
                Map.of(
                        "name",
                        "VIP",
                        "active",
                        true,
                        "slots",
                        List.of(slot("checkin", "08:00", "打卡"), slot("checkin", "09:00", "再打卡"))));
        assertThat(twice.status()).isEqualTo(400);
        assertThat(Api.fields(twice)).containsExactly("slots[1].key");

        var empty = api.call(
                HttpMethod.PUT,
                base + "/vip",
                admin,
                Map.of(
                        "name",
                        "VIP",
                        "active",
                        true,
                        "slots",
                        List.of(Map.of("time", "08:00", "title", "打卡", "text", ""))));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(Api.fields(empty)).containsExactly("slots[0].text");

        assertThat(api.get(base, admin).body().path("calendars").size())
                .as("nothing saved")
                .isZero();
        assertThat(api.get(base + "/vip/posts", admin).status()).isEqualTo(404);

        var saved = api.call(
                HttpMethod.PUT,
                base + "/vip",
                admin,
                Map.of(
                        "name",
                        "VIP",
                        "active",
                        true,
                        "slots",
                        List.of(Map.of("time", "08:00", "title", "打卡", "text", "早"))));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
        String key = saved.body().path("slots").get(0).path("key").asString();
        assertThat(key).as("a slot without a key gets one").isNotBlank();
        var again = api.call(
                HttpMethod.PUT,
                base + "/vip",
                admin,
                Map.of(
                        "name",
                        "VIP",
                        "active",
                        true,
                        "slots",
                        List.of(Map.of("key", key, "time", "08:30", "title", "打卡", "text", "早"))));
        assertThat(again.body().path("revision").asInt()).isEqualTo(2);
        assertThat(again.body().path("slots").get(0).path("key").asString()).isEqualTo(key);

        String analyst = api.memberWithRole(admin, slug, "analyst");
        assertThat(api.get(base, analyst).status()).isEqualTo(200);
        assertThat(api.call(
                                HttpMethod.PUT,
                                base + "/vip",
                                analyst,
                                Map.of("name", "x", "active", true, "slots", List.of()))
                        .status())
                .isEqualTo(403);
    }
}
