package io.moat.wecomsim.callbacks;

import static io.moat.wecomsim.support.SimHarness.CORP;
import static org.assertj.core.api.Assertions.assertThat;

import io.moat.wecomsim.support.CallbackReceiver;
import io.moat.wecomsim.support.CallbackReceiver.Reply;
import io.moat.wecomsim.support.SimHarness;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The URL handshake, retries, the three-attempt cap, timeouts, ordering and duplicates (wecom-api.md §8). */
class CallbackDeliveryTests {

    final SimHarness sim = SimHarness.start();
    final CallbackReceiver receiver = new CallbackReceiver(CORP);

    @AfterEach
    void stop() {
        sim.close();
        receiver.close();
    }

    @Test
    void pushesStartOnlyOnceTheUrlEchoesTheDecryptedEchostrExactly() {
        sim.createCorp();
        addStaff("a");
        assertThat(sim.get("/sim/corps/" + CORP + "/callbacks"))
                .as("no URL, no push")
                .isEmpty();

        receiver.echoWrongly();
        JsonNode refused = sim.control("PUT", "/sim/corps/" + CORP + "/callback", callbackBody());
        assertThat(refused.path("verified").asBoolean()).isFalse();
        assertThat(refused.path("detail").asString()).contains("echostr");
        addStaff("b");
        assertThat(sim.get("/sim/corps/" + CORP + "/callbacks")).isEmpty();

        CallbackReceiver honest = new CallbackReceiver(CORP);
        try {
            JsonNode accepted = sim.control(
                    "PUT", "/sim/corps/" + CORP + "/callback", callbackBody().put("callbackUrl", honest.url()));
            assertThat(accepted.path("verified").asBoolean()).isTrue();
            addStaff("c");
            var pushes = honest.await(r -> r.size() == 1);
            assertThat(pushes.getFirst().event())
                    .containsEntry("Event", "change_contact")
                    .containsEntry("ChangeType", "create_user")
                    .containsEntry("UserID", "c");
        } finally {
            honest.close();
        }
    }

    @Test
    void aFailedPushIsRetriedWithTheSameBodyUntilItIsAcknowledged() {
        connect();
        receiver.replies(n -> n <= 2 ? new Reply(500, "oops", Duration.ZERO) : Reply.success());

        addStaff("a");

        JsonNode record = sim.awaitCallbacks(CORP, r -> r.size() == 3);
        assertThat(record).extracting(a -> a.path("attempt").asInt()).containsExactly(1, 2, 3);
        assertThat(record).extracting(a -> a.path("httpStatus").asInt()).containsExactly(500, 500, 200);
        assertThat(record).extracting(a -> a.path("delivered").asBoolean()).containsExactly(false, false, true);
        var pushes = receiver.await(r -> r.size() == 3);
        assertThat(pushes)
                .extracting(p -> p.envelope().get("Encrypt"))
                .containsOnly(pushes.getFirst().envelope().get("Encrypt"));
    }

    @Test
    void afterThreeFailedAttemptsThePushIsDroppedAndLaterOnesStillGoOut() {
        connect();
        receiver.replies(n -> n <= 3 ? new Reply(503, "", Duration.ZERO) : Reply.success());

        addStaff("a");
        addStaff("b");

        JsonNode record = sim.awaitCallbacks(CORP, r -> r.size() == 4);
        assertThat(record).extracting(a -> a.path("seq").asInt()).containsExactly(1, 1, 1, 2);
        assertThat(record.get(3).path("delivered").asBoolean()).isTrue();
        assertThat(receiver.received()).extracting(p -> p.event().get("UserID")).containsExactly("a", "a", "a", "b");
    }

    @Test
    void aSlowOrUnsuccessfulAnswerCountsAsAFailure() {
        connect();
        sim.post("/sim/corps/" + CORP + "/knobs", SimHarness.object().put("callbackTimeoutMillis", 300));
        receiver.replies(n -> switch (n) {
            case 1 -> new Reply(200, "success", Duration.ofMillis(1200));
            case 2 -> new Reply(200, "please retry", Duration.ZERO);
            default -> new Reply(200, "", Duration.ZERO);
        });

        addStaff("a");

        JsonNode record = sim.awaitCallbacks(CORP, r -> r.size() == 3);
        assertThat(record.get(0).path("httpStatus").isNull()).isTrue();
        assertThat(record.get(0).path("answer").asString()).contains("300 ms");
        assertThat(record.get(1).path("delivered").asBoolean()).isFalse();
        assertThat(record.get(2).path("delivered").asBoolean())
                .as("an empty 200 is an acknowledgement")
                .isTrue();
    }

    @Test
    void theDuplicateKnobDeliversTheSameBodyTwice() {
        connect();
        sim.post("/sim/corps/" + CORP + "/knobs", SimHarness.object().put("duplicateCallbacks", 1.0));

        addStaff("a");

        JsonNode record = sim.awaitCallbacks(CORP, r -> r.size() == 2);
        assertThat(record).extracting(a -> a.path("duplicate").asBoolean()).containsExactly(false, true);
        assertThat(record).extracting(a -> a.path("seq").asInt()).containsExactly(1, 1);
        var pushes = receiver.await(r -> r.size() == 2);
        assertThat(pushes.get(1).envelope()).isEqualTo(pushes.get(0).envelope());
        assertThat(pushes.get(1).event()).isEqualTo(pushes.get(0).event());
    }

    @Test
    void eventsArriveInTheOrderTheyHappened() {
        connect();
        for (int i = 0; i < 20; i++) {
            addStaff("s" + i);
        }

        var pushes = receiver.await(r -> r.size() == 20);

        assertThat(pushes)
                .extracting(p -> p.event().get("UserID"))
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 20)
                        .mapToObj(i -> "s" + i)
                        .toList());
    }

    @Test
    void controlCallsReturnWithoutWaitingForTheReceiver() {
        connect();
        receiver.replies(n -> new Reply(200, "success", Duration.ofMillis(800)));

        long start = System.nanoTime();
        addStaff("a");
        addStaff("b");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(700));
        receiver.await(r -> r.size() == 2);
    }

    private void connect() {
        JsonNode corp = sim.createCorp(CORP, receiver.url(), CallbackReceiver.TOKEN, CallbackReceiver.AES_KEY);
        assertThat(corp.path("verified").asBoolean()).isTrue();
    }

    private ObjectNode callbackBody() {
        return SimHarness.object()
                .put("callbackUrl", receiver.url())
                .put("token", CallbackReceiver.TOKEN)
                .put("encodingAesKey", CallbackReceiver.AES_KEY);
    }

    private void addStaff(String userid) {
        sim.addStaff(CORP, userid, "员工" + userid);
    }
}
