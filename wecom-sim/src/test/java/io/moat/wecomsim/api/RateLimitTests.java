package io.moat.wecomsim.api;

import static io.moat.wecomsim.support.SimHarness.CORP;
import static org.assertj.core.api.Assertions.assertThat;

import io.moat.wecomsim.support.SimHarness;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Per (corp, API) and per (IP, API) windows with WeCom's block times (wecom-api.md §10). */
class RateLimitTests {

    static final String FOLLOW_USERS = "/cgi-bin/externalcontact/get_follow_user_list";

    final SimHarness sim = SimHarness.start();
    final String token;

    {
        sim.createCorp();
        token = sim.token(CORP);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void passingTheMinuteLimitBlocksThatApiForSixtySeconds() {
        limits(3, 1000, 1000, 1000);

        for (int i = 0; i < 3; i++) {
            assertThat(call()).isZero();
        }
        assertThat(call()).isEqualTo(45009);
        assertThat(sim.apiGet("/cgi-bin/department/list?access_token=" + token)
                        .path("errcode")
                        .asInt())
                .as("counted per API path")
                .isZero();

        sim.sim.clock().advance(Duration.ofSeconds(59));
        assertThat(call()).isEqualTo(45009);
        sim.sim.clock().advance(Duration.ofSeconds(2));
        assertThat(call()).isZero();
    }

    @Test
    void passingTheHourLimitBlocksForSixtyMinutes() {
        limits(1000, 4, 1000, 1000);

        for (int i = 0; i < 4; i++) {
            assertThat(call()).isZero();
        }
        assertThat(call()).isEqualTo(45009);
        sim.sim.clock().advance(Duration.ofSeconds(61));
        assertThat(call()).as("an hour block outlasts a minute").isEqualTo(45009);
        sim.sim.clock().advance(Duration.ofMinutes(58));
        assertThat(call()).isEqualTo(45009);
        sim.sim.clock().advance(Duration.ofMinutes(1));
        assertThat(call()).isZero();
    }

    @Test
    void theIpLimitAppliesToo() {
        limits(1000, 1000, 2, 1000);

        assertThat(call()).isZero();
        assertThat(call()).isZero();
        assertThat(call()).isEqualTo(45009);
        sim.sim.clock().advance(Duration.ofSeconds(61));
        assertThat(call()).isZero();
    }

    @Test
    void theDefaultsAreWecomsPublishedLimits() {
        var knobs = sim.get("/sim/corps/" + CORP + "/knobs");

        assertThat(knobs.path("perCorpPerApiPerMinute").asLong()).isEqualTo(10_000);
        assertThat(knobs.path("perCorpPerApiPerHour").asLong()).isEqualTo(150_000);
        assertThat(knobs.path("perIpPerApiPerMinute").asLong()).isEqualTo(20_000);
        assertThat(knobs.path("perIpPerApiPerHour").asLong()).isEqualTo(600_000);
    }

    private void limits(long corpMinute, long corpHour, long ipMinute, long ipHour) {
        sim.post(
                "/sim/corps/" + CORP + "/knobs",
                SimHarness.object()
                        .put("perCorpPerApiPerMinute", corpMinute)
                        .put("perCorpPerApiPerHour", corpHour)
                        .put("perIpPerApiPerMinute", ipMinute)
                        .put("perIpPerApiPerHour", ipHour));
    }

    private int call() {
        return sim.apiGet(FOLLOW_USERS + "?access_token=" + token)
                .path("errcode")
                .asInt();
    }
}
