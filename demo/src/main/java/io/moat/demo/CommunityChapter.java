package io.moat.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The thirty WeCom groups as the community team runs them in Moat: each group classified by what it is for (fan
 * welfare, VIP, new-product trial as service, city groups as traffic, live flash sales), tagged, and its week of
 * chat read from the message archive: the chapter asks Moat to pull the archive as soon as the chat is written
 * ({@code POST /wecom/archive/pull}, which stores and projects before it answers) instead of waiting for Moat's
 * timed pull, so the group figures are there when the world is declared ready.
 */
@Component
class CommunityChapter implements DemoChapter {

    /** How long the chapter waits for the groups to be registered if the refresh from the mirror fails. */
    private static final Duration ARCHIVE_WAIT = Duration.ofSeconds(90);

    @Override
    public String key() {
        return "community";
    }

    @Override
    public String title() {
        return "30 groups classified by type, their week of chat projected from the message archive";
    }

    @Override
    public int order() {
        return 650;
    }

    @Override
    public void build(DemoWorld world, ChapterProgress progress) throws InterruptedException {
        String base = world.workspacePath() + "/community/groups";
        // This week each group takes in one of the half year's newest fans (a join pushes change_chat to Moat, whose
        // registry follows group callbacks), not one of acquisition's: so this chapter could be built beside
        // acquisition (DemoChapter.besidePrevious) and the same seed would still pick the same joiners. It is not yet:
        // at scale 1.0 on a machine at load 30-38 the two side by side made Moat answer the group list after more
        // than the client's 120 s and the build failed (docs/benchmarks.md, "Demo world build … h9").
        List<DemoWorld.Customer> newest = HistoryChapter.customers(world);
        int g = 0;
        List<String[]> spammers = new java.util.ArrayList<>();
        for (DemoWorld.Group group : world.groups()) {
            DemoWorld.Customer joining = newest.get(Math.max(0, newest.size() - 1 - (g++ % newest.size())));
            if (spammers.size() < 2) {
                spammers.add(new String[] {group.chatId(), joining.externalUserId()});
            }
            try {
                world.simApi()
                        .post(
                                "/sim/corps/" + world.corpId() + "/groups/" + group.chatId() + "/join",
                                Map.of("externalUserIds", List.of(joining.externalUserId()), "joinScene", 3));
            } catch (DemoFailure e) {
                // already a member: the group changes anyway with the next one
            }
        }
        // The full sync mirrored every group already: register them all from the mirror at once (the joins' callbacks
        // would do it one by one as the inbox reaches them). The bounded wait only covers a refresh that fails.
        try {
            world.moat().post(base + "/refresh", Map.of());
        } catch (DemoFailure e) {
            // the joins' callbacks register the groups all the same
        }
        Instant registering = Instant.now().plus(ARCHIVE_WAIT);
        java.util.Set<String> known = new java.util.HashSet<>();
        while (known.size() < world.groups().size() && Instant.now().isBefore(registering)) {
            known.clear();
            world.moat()
                    .get(base + "?days=7")
                    .path("items")
                    .forEach(i -> known.add(i.path("chatId").asString()));
            progress.done(0.1, known.size() + " groups registered");
            if (known.size() < world.groups().size()) {
                Thread.sleep(500);
            }
        }
        int n = 0;
        for (DemoWorld.Group group : world.groups()) {
            if (!known.contains(group.chatId())) {
                continue;
            }
            String type =
                    switch (group.kind()) {
                        case "vip" -> "vip";
                        case "trial" -> "service";
                        case "regional" -> "traffic";
                        case "flash_sale" -> "flash";
                        default -> "welfare";
                    };
            List<String> tags = group.kind().equals("regional")
                    ? List.of("同城", group.name().replaceAll(".*·|同城群", ""))
                    : List.of(group.kind().equals("trial") ? "新品" : "福利");
            world.moat()
                    .send(
                            "PATCH",
                            base + "/" + group.chatId(),
                            Map.of(
                                    "type",
                                    type,
                                    "tags",
                                    tags,
                                    "costFen",
                                    group.kind().equals("vip") ? 50_000 : 0));
            n++;
            progress.done(0.5 * n / world.groups().size(), n + " groups classified");
        }
        // Every week has its spammers: two newcomers post an ad with a link, are warned, and do it again.
        for (String[] spammer : spammers) {
            for (int time = 0; time < 2; time++) {
                try {
                    world.simApi()
                            .post(
                                    "/sim/corps/" + world.corpId() + "/groups/" + spammer[0] + "/say",
                                    Map.of(
                                            "from",
                                            spammer[1],
                                            "msgtype",
                                            "text",
                                            "content",
                                            "加我领大额券 https://t.cn/ad" + time));
                } catch (DemoFailure e) {
                    // not a member after all: one spammer fewer
                }
            }
        }
        // The week of chat (and the spam) is in the archive now: Moat pulls it at once instead of at its next timed
        // pull, and projects it before answering — group figures, keywords, and the guard's warning and removal
        // tasks for the group owners. A pull takes up to 20,000 messages; pull until nothing new comes.
        long pulled = 0;
        for (int pull = 0; pull < 50; pull++) {
            int stored = world.moat()
                    .post(world.workspacePath() + "/wecom/archive/pull", Map.of())
                    .path("stored")
                    .asInt();
            pulled += stored;
            progress.done(0.6 + 0.3 * Math.min(1, pull / 5.0), pulled + " archived messages pulled");
            if (stored == 0) {
                break;
            }
        }
        long messages = 0;
        for (JsonNode group : world.moat().get(base + "?days=7").path("items")) {
            messages += group.path("figures").path("messages").asLong();
        }
        world.facts.put("groupMessages", messages);
        progress.done(1, n + " groups classified, " + messages + " messages in the last 7 days");
    }
}
