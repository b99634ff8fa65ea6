package io.moat.wecomsim.mass;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The members' confirmations fall due earliest first, ties by message then by the task's place in it; a task confirmed
 * some other way or of a cancelled message is not due. (They are kept in an index since 23 Nov 2026: the sim looks for
 * the next one before every API call, and scanning every task ever created made each call cost as much as all mass
 * messages sent so far.)
 */
class MassMessagesDueTests {

    private static final Instant T0 = Instant.parse("2026-11-11T02:00:00Z");

    @Test
    void confirmationsFallDueInTimeThenMessageThenTaskOrder() {
        var messages = new MassMessages();
        MassMessage late = message(messages, List.of(task("a", T0.plusSeconds(20))));
        MassMessage early = message(messages, List.of(task("b", T0.plusSeconds(10))));
        MassMessage tied = message(
                messages, List.of(task("c", T0.plusSeconds(10)), task("d", T0.plusSeconds(10)), task("never", null)));
        MassMessage cancelled = message(messages, List.of(task("e", T0.plusSeconds(5))));
        cancelled.cancel();

        assertThat(users(messages.due(T0.plusSeconds(9)))).isEmpty();
        assertThat(users(messages.due(T0.plusSeconds(30)))).containsExactly("b", "c", "d", "a");
        assertThat(messages.firstDue(T0.plusSeconds(30)).orElseThrow().task().userid())
                .isEqualTo("b");

        early.task("b").orElseThrow().confirmed(T0.plusSeconds(11).getEpochSecond(), List.of());
        tied.task("c").orElseThrow().confirmed(T0.plusSeconds(11).getEpochSecond(), List.of());
        assertThat(users(messages.due(T0.plusSeconds(30)))).containsExactly("d", "a");
        assertThat(late.task("a")).isPresent();
    }

    private static MassMessage message(MassMessages messages, List<MassTask> tasks) {
        long seq = messages.nextSeq();
        var message = new MassMessage(seq, "msg" + seq, MassMessage.SINGLE, "staff", 0, 0, "text", null);
        tasks.forEach(message::addTask);
        messages.add(message);
        return message;
    }

    private static MassTask task(String userid, Instant confirmAt) {
        var task = new MassTask(userid, confirmAt);
        task.add(MassRecipient.customer("wm" + userid, userid));
        return task;
    }

    private static List<String> users(List<MassMessages.DueTask> due) {
        return due.stream().map(d -> d.task().userid()).toList();
    }
}
