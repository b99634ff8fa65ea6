package io.moat.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Sends with every kind of ending, through the send broker: the operators enrol the fans who came before Moat (and,
 * as lists do, a few marketplace buyers who are nobody's friend) in the new-fan journey, after a few fans have
 * replied 退订 and were opted out in their profile. The broker skips the opted-out and the unreachable at once;
 * the rest become mass-message tasks in WeCom that the sim's virtual staff confirm within a minute or two, so they
 * end as sent — by day: at night (22:00–08:00 in the brand's zone) the broker holds them until the morning, as it
 * would for a real brand. One task is refused by WeCom (the sim is told to answer 41054, a member's account not
 * active, once), so the log also shows what a failed send looks like.
 */
@Component
class SendsChapter implements DemoChapter {

    private static final Duration SETTLE_WAIT = Duration.ofSeconds(90);

    @Override
    public String key() {
        return "sends";
    }

    @Override
    public String title() {
        return "journey sends through the broker: sent, skipped (opted out, not a friend) and failed";
    }

    @Override
    public int order() {
        return 700;
    }

    @Override
    public void build(DemoWorld world, ChapterProgress progress) throws InterruptedException {
        world.simApi()
                .post(
                        "/sim/corps/" + world.corpId() + "/knobs",
                        Map.of(
                                "staffConfirmProbability",
                                1.0,
                                "staffConfirmDelaySeconds",
                                List.of(20, 120),
                                "failNext",
                                Map.of(
                                        "api",
                                        "/cgi-bin/externalcontact/add_msg_template",
                                        "errcode",
                                        41054,
                                        "count",
                                        1)));
        Long journey = JourneysChapter.journeys(world).get("new-fan");
        if (journey == null) {
            progress.done(1, "no new-fan journey to send from");
            return;
        }
        String base = world.workspacePath();
        List<Long> fans = new ArrayList<>();
        List<Long> strangers = new ArrayList<>();
        // the newest fans came through the channel codes and the journey's add trigger already decided their welcome:
        // opting them out now would change nothing, so the chapter enrols fans the journey has not met yet
        java.util.Set<Long> metAlready = metAlready(world, journey);
        Long before = null;
        int wantFans = world.settings().scaled(600, 24);
        int wantStrangers = Math.max(3, wantFans / 6);
        // newest first: the page walk stops as soon as both lists are full
        for (int pages = 0; pages < 40 && (fans.size() < wantFans || strangers.size() < wantStrangers); pages++) {
            JsonNode page =
                    world.moat().get(base + "/customers?limit=500" + (before == null ? "" : "&before=" + before));
            for (JsonNode row : page.path("items")) {
                if (metAlready.contains(row.path("id").asLong())) {
                    continue;
                }
                boolean fan = !row.path("staff").isEmpty();
                List<Long> into = fan ? fans : strangers;
                if (into.size() < (fan ? wantFans : wantStrangers)) {
                    into.add(row.path("id").asLong());
                }
            }
            if (page.path("next").isNull() || page.path("next").isMissingNode()) {
                break;
            }
            before = page.path("next").asLong();
        }
        int optedOut = Math.max(2, fans.size() / 10);
        for (Long id : fans.subList(0, Math.min(optedOut, fans.size()))) {
            world.moat().post(base + "/customers/" + id + "/opt-out", Map.of("reason", "客户回复「退订」"));
        }
        progress.done(0.3, optedOut + " fans opted out");
        long skippedBefore = states(world, journey).getOrDefault("skipped", 0L);
        List<Long> enrolled = new ArrayList<>(fans);
        enrolled.addAll(strangers);
        world.moat().post(base + "/journeys/" + journey + "/enrolments", Map.of("customerIds", enrolled));
        progress.done(0.4, enrolled.size() + " customers enrolled in the new-fan journey");
        // The enrolments run from Moat's schedule; wait (bounded) until the broker has decided the first sends.
        Instant deadline = Instant.now().plus(SETTLE_WAIT);
        Map<String, Long> states;
        do {
            states = states(world, journey);
            // every opted-out fan and every stranger ends skipped at once; wait (bounded) until all of them have
            long expectSkipped = Math.min(optedOut, fans.size()) + strangers.size();
            if (states.getOrDefault("skipped", 0L) - skippedBefore >= expectSkipped
                    || Instant.now().isAfter(deadline)) {
                break;
            }
            progress.done(0.5, enrolled.size() + " enrolled; waiting for the broker");
            Thread.sleep(250);
        } while (true);
        world.facts.put("journeySends", states);
        progress.done(1, enrolled.size() + " enrolled (" + optedOut + " opted out); sends " + states);
    }

    /**
     * Everyone the journey has sent to so far (the adds of the acquisition chapter entered it by themselves), read
     * from the send log page by page: the journey enters a customer once, so enrolling them again would be refused
     * and their opt-out would show no skipped send, and the wait below would never see the count it expects.
     */
    private static java.util.Set<Long> metAlready(DemoWorld world, long journey) {
        java.util.Set<Long> met = new java.util.HashSet<>();
        Long before = null;
        for (int pages = 0; pages < 1_000; pages++) {
            JsonNode page = world.moat()
                    .get(world.workspacePath() + "/sends?limit=500&journeyId=" + journey
                            + (before == null ? "" : "&before=" + before));
            page.path("sends").forEach(send -> met.add(send.path("customerId").asLong()));
            if (page.path("next").isNull() || page.path("next").isMissingNode()) {
                break;
            }
            before = page.path("next").asLong();
        }
        return met;
    }

    /** The journey's sends by state, from the send log's counts. */
    static Map<String, Long> states(DemoWorld world, long journey) {
        Map<String, Long> states = new TreeMap<>();
        for (JsonNode count : world.moat().get(world.workspacePath() + "/sends/journeys/" + journey + "/counts")) {
            states.merge(
                    count.path("state").asString().toLowerCase(java.util.Locale.ROOT),
                    count.path("count").asLong(),
                    Long::sum);
        }
        return states;
    }
}
