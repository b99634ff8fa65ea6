package io.moat.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.MoatTest;
import io.moat.SimulatorControl;
import io.moat.messaging.BrokerWorld.CustomerAdded;
import io.moat.messaging.internal.MessagingPolicy;
import io.moat.messaging.internal.Policies;
import io.moat.shared.context.CallContext;
import io.moat.shared.schedule.DueWorkRunner;
import io.moat.wecomsim.SimSettings;
import io.moat.wecomsim.WecomSim;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * A WeCom task created by an attempt whose transaction then rolls back (what a crash between the call and the commit,
 * or a later row of the same batch failing, leaves behind) is adopted by the next attempt, never created twice. The
 * rollback is real: a trigger makes the commit of the task's new state fail after add_msg_template answered.
 */
@MoatTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TaskCreationRollbackTests {

    static final String ADD_MSG_TEMPLATE = "/cgi-bin/externalcontact/add_msg_template";

    static final WecomSim SIM = WecomSim.start(new SimSettings(0, 20261125L, Instant.now(), true));

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("ownerDataSource")
    DataSource owner;

    @Autowired
    SendBroker broker;

    @Autowired
    DueWorkRunner runner;

    @Autowired
    Policies policies;

    @Autowired
    TransactionTemplate transactions;

    BrokerWorld world;

    @BeforeAll
    void world() throws Exception {
        world = freshWorld();
    }

    /**
     * A workspace of its own: batch windows are scheduled once per staff member and window, also after they ran, and
     * a test that drained minutes ahead has already run the windows a later test's sends would use.
     */
    BrokerWorld freshWorld() throws Exception {
        BrokerWorld fresh = new BrokerWorld(SIM, port, owner);
        CallContext.forTenant(fresh.tenant, "test")
                .run(() -> transactions.executeWithoutResult(status -> policies.store(
                        fresh.tenant,
                        new MessagingPolicy(
                                null, null, null, null, null, 1, Duration.ofHours(24), Duration.ofHours(4)))));
        return fresh;
    }

    @AfterAll
    void stopSimulator() {
        SIM.close();
    }

    @Test
    @Order(1)
    void aTaskWecomCreatedBeforeTheTransactionRolledBackIsAdoptedNotCreatedAgain() throws Exception {
        CustomerAdded wang = world.customer("王回滚", false);
        String text = "回滚之后只发一次 " + System.nanoTime();
        String key = "test/rollback/customer/" + wang.id().value() + "/1";
        asTenant(() -> broker.request(SendRequest.toCustomer(key, wang.id(), Content.text(text))));
        // The sim's clock is the real one and the task list is read around the task's moment: stay near real time.
        Instant now = Instant.now();
        runner.drain(now.plusSeconds(1));
        assertThat(send(key).state()).isEqualTo(SendState.QUEUED);

        world.db().execute("""
                create function messaging.test_fail_task_commit() returns trigger language plpgsql as $$
                begin
                    raise exception 'the commit after add_msg_template fails';
                end
                $$;
                create trigger test_fail_task_commit before update on messaging.task for each row
                    when (new.tenant_id = %d and new.state = 'awaiting')
                    execute function messaging.test_fail_task_commit();
                """.formatted(world.tenant.value()));
        try {
            // the batch runs, the task is created in WeCom, its commit fails; the row is re-run alone, fails again
            runner.drain(now.plusSeconds(15));
            assertThat(send(key).state()).isEqualTo(SendState.TASKED);
            assertThat(send(key).wecomMsgId()).isNull();
        } finally {
            world.db().execute("""
                    drop trigger test_fail_task_commit on messaging.task;
                    drop function messaging.test_fail_task_commit();
                    """);
        }
        assertThat(tasksInWecom(text))
                .as("the attempts that rolled back created one task")
                .hasSize(1);

        runner.drain(now.plusSeconds(40)); // past the retry's backoff
        List<String> created = tasksInWecom(text);
        assertThat(created).as("the retry adopted the task").hasSize(1);
        assertThat(send(key).wecomMsgId()).isEqualTo(created.getFirst());

        world.confirm("zhangsan", created.getFirst());
        runner.drain(now.plus(Duration.ofMinutes(7)));
        assertThat(send(key).state()).isEqualTo(SendState.SENT);
        assertThat(world.deliveries(wang.externalUserId(), "mass"))
                .singleElement()
                .satisfies(d -> assertThat(d.path("text").asString()).isEqualTo(text));
    }

    @Test
    @Order(3)
    void aTaskWecomKeepsRefusingAsBusyFailsItsSendsOnceWecomShowsNoSuchTask() throws Exception {
        world = freshWorld();
        CustomerAdded li = world.customer("李繁忙", false);
        String text = "一直繁忙 " + System.nanoTime();
        String key = "test/busy/customer/" + li.id().value() + "/1";
        asTenant(() -> broker.request(SendRequest.toCustomer(key, li.id(), Content.text(text))));
        Instant now = Instant.now();
        runner.drain(now.plusSeconds(1));
        assertThat(send(key).state()).isEqualTo(SendState.QUEUED);
        int before = createCalls();
        world.control.knobs(
                world.corpId, Map.of("failNext", Map.of("api", ADD_MSG_TEMPLATE, "errcode", -1, "count", 1_000)));
        try {
            Instant at = now.plusSeconds(15);
            // the batch runs, then every attempt meets -1; the next is due after its backoff (at most 320 s)
            for (int round = 0; round < 14 && !send(key).state().isFinal(); round++) {
                runner.drain(at);
                at = at.plus(Duration.ofMinutes(6));
            }
        } finally {
            world.control.knobs(world.corpId, Map.of("failNext", Map.of("api", ADD_MSG_TEMPLATE, "count", 0)));
        }
        SendView failed = send(key);
        assertThat(failed.state()).isEqualTo(SendState.FAILED);
        assertThat(failed.reason()).isEqualTo(SendReasons.WECOM_BUSY);
        // each of the 8 claims runs the row in its batch and then alone, and WxJava repeats a -1 once itself
        assertThat(createCalls() - before)
                .as("every one of the 8 attempts called add_msg_template")
                .isGreaterThanOrEqualTo(8);
        assertThat(tasksInWecom(text)).isEmpty();
        assertThat(world.deliveries(li.externalUserId(), "mass")).isEmpty();
    }

    @Test
    @Order(2)
    void aTaskWhoseAnswersAreAllLostIsCreatedOnceAndAdopted() throws Exception {
        world = freshWorld();
        CustomerAdded zhao = world.customer("赵丢包", false);
        String text = "回答丢了也只建一次 " + System.nanoTime();
        String key = "test/lost/customer/" + zhao.id().value() + "/1";
        asTenant(() -> broker.request(SendRequest.toCustomer(key, zhao.id(), Content.text(text))));
        Instant now = Instant.now();
        runner.drain(now.plusSeconds(1));
        assertThat(send(key).state()).isEqualTo(SendState.QUEUED);
        int before = createCalls();
        Instant at = now.plusSeconds(15);
        world.control.knobs(world.corpId, Map.of("lostAnswers", 1.0, "lostAnswersApi", ADD_MSG_TEMPLATE));
        try {
            // the batch that tasks the send also calls add_msg_template: WeCom creates the task, Moat gets a 502
            for (int round = 0; round < 12 && send(key).state() == SendState.QUEUED; round++) {
                runner.drain(at);
                at = at.plusSeconds(15);
            }
        } finally {
            world.control.knobs(world.corpId, Map.of("lostAnswers", 0.0, "lostAnswersApi", ""));
        }
        assertThat(createCalls() - before).as("add_msg_template was called").isPositive();
        for (int round = 0; round < 12 && send(key).wecomMsgId() == null; round++) {
            runner.drain(at); // a later attempt finds the task among the member's and adopts it
            at = at.plusSeconds(15);
        }
        List<String> created = tasksInWecom(text);
        assertThat(created).as("one task in WeCom although no answer came back").hasSize(1);
        assertThat(send(key).state()).isEqualTo(SendState.TASKED);
        assertThat(send(key).wecomMsgId()).isEqualTo(created.getFirst());
    }

    private int createCalls() throws Exception {
        JsonNode calls = SimulatorControl.json(
                world.control.call("GET", "/sim/corps/" + world.corpId + "/api-calls?path=" + ADD_MSG_TEMPLATE, null));
        return calls.path("paths")
                .valueStream()
                .filter(p -> p.path("path").asString().equals(ADD_MSG_TEMPLATE))
                .mapToInt(p -> p.path("count").asInt())
                .sum();
    }

    private List<String> tasksInWecom(String text) throws Exception {
        JsonNode list = world.cgi(
                "/cgi-bin/externalcontact/get_groupmsg_list_v2",
                Map.of(
                        "chat_type",
                        "single",
                        "start_time",
                        Instant.now().getEpochSecond() - 3600,
                        "end_time",
                        Instant.now().getEpochSecond() + 3600,
                        "creator",
                        "zhangsan",
                        "filter_type",
                        2));
        return list.path("group_msg_list")
                .valueStream()
                .filter(m -> m.path("text").path("content").asString().equals(text))
                .map(m -> m.path("msgid").asString())
                .toList();
    }

    private SendView send(String key) {
        return asTenant(() -> broker.find(key)).orElseThrow();
    }

    private <T> T asTenant(Supplier<T> work) {
        return CallContext.forTenant(world.tenant, "test").call(() -> transactions.execute(status -> work.get()));
    }
}
