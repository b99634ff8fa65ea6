package io.moat.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.MoatTest;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
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
class TaskCreationRollbackTests {

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
        world = new BrokerWorld(SIM, port, owner);
        CallContext.forTenant(world.tenant, "test")
                .run(() -> transactions.executeWithoutResult(status -> policies.store(
                        world.tenant,
                        new MessagingPolicy(
                                null, null, null, null, null, 1, Duration.ofHours(24), Duration.ofHours(4)))));
    }

    @AfterAll
    void stopSimulator() {
        SIM.close();
    }

    @Test
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
