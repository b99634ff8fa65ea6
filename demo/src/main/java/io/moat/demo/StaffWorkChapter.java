package io.moat.demo;

import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The brand's staff at work on what Moat asked of them: the world is built with the tasks its rules raised (guard
 * warnings and removals, inactive members, duplicates, care calls) left waiting, and once it is alive the staff work
 * through them, oldest first, a few a minute. A removal task is done the way a group owner does it: the member is
 * removed from the group in WeCom first (the sim tells Moat through the group's callback), then the task is marked
 * done, so the guard's "left or stayed" outcome is real.
 */
@Component
class StaffWorkChapter implements DemoChapter {

    private static final int PAGE = 100;

    @Override
    public String key() {
        return "staff-work";
    }

    @Override
    public String title() {
        return "the tasks Moat raised for staff, waiting to be worked through";
    }

    @Override
    public int order() {
        return 900;
    }

    @Override
    public void build(DemoWorld world, ChapterProgress progress) {
        int waiting = openTasks(world).size();
        world.facts.put("tasksWaiting", waiting);
        progress.done(1, waiting + (waiting == PAGE ? "+" : "") + " tasks waiting for staff");
    }

    /** Keep-alive: every other tick one staff member finishes the oldest open task they can see. */
    @Override
    public void tick(DemoWorld world) {
        if (world.random().nextInt(2) != 0) {
            return;
        }
        List<JsonNode> open = openTasks(world);
        if (open.isEmpty()) {
            return;
        }
        // the list is newest first: the oldest waiting task is the last row of the page
        JsonNode task = open.getLast();
        String chat = task.path("chatId").asString("");
        String member = task.path("externalUserId").asString("");
        if (task.path("kind").asString().contains("removal") && !chat.isEmpty() && !member.isEmpty()) {
            try {
                world.simApi()
                        .post(
                                "/sim/corps/" + world.corpId() + "/groups/" + chat + "/quit",
                                Map.of("externalUserIds", List.of(member), "quitScene", 1));
            } catch (DemoFailure e) {
                // the member already left on their own: the task is done all the same
            }
        }
        world.moat()
                .post(
                        world.workspacePath() + "/tasks/" + task.path("id").asLong() + "/complete",
                        Map.of("note", "已处理（" + task.path("assignee").asString() + "）"));
    }

    private static List<JsonNode> openTasks(DemoWorld world) {
        return world.moat()
                .get(world.workspacePath() + "/tasks?status=open&limit=" + PAGE)
                .path("items")
                .valueStream()
                .toList();
    }
}
