package io.moat.community;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.moat.MoatTest;
import io.moat.community.internal.GroupFigures;
import io.moat.community.internal.GroupMetrics;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import java.time.LocalDate;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The group metrics of docs/metrics.md ("Community") against a fixture whose figures were worked out by hand: a
 * member who quits, one who leaves and returns, joins a few minutes either side of midnight in Shanghai, and a staff
 * member whose chatter does not count.
 */
@MoatTest
class GroupMetricsTests {

    static final String CHAT = "wr-fixture";

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("ownerDataSource")
    DataSource owner;

    @Autowired
    GroupMetrics metrics;

    @Autowired
    TransactionTemplate transactions;

    CommunityFixtures fixtures;
    TenantId tenant;

    @BeforeEach
    void fixture() {
        fixtures = new CommunityFixtures(port, owner);
        tenant = fixtures.tenant;
        fixtures.group(CHAT, "福利群", "staff-s", null, 0);
        fixtures.member(CHAT, "staff-s", true, "member", "2026-11-01T09:00");
        event("staff-s", "join", "2026-11-01T09:00", true);
        event("A", "join", "2026-11-01T10:00", false);
        event("B", "join", "2026-11-01T10:00", false);
        event("D", "join", "2026-11-05T10:00", false);
        event("B", "quit", "2026-11-10T09:00", false);
        event("D", "quit", "2026-11-10T20:00", false);
        event("C", "join", "2026-11-10T23:30", false);
        event("E", "join", "2026-11-11T00:30", false);
        event("D", "join", "2026-11-11T08:00", false);
        // 11-10: A three times, B before leaving, C just before midnight, the staff member five times.
        say("A", "2026-11-10T08:00", "2026-11-10T12:00", "2026-11-10T21:00");
        say("B", "2026-11-10T08:30");
        say("C", "2026-11-10T23:40");
        say(
                "staff-s",
                "2026-11-10T09:00",
                "2026-11-10T09:01",
                "2026-11-10T09:02",
                "2026-11-10T09:03",
                "2026-11-10T09:04");
        // 11-11: A once, D twice after coming back, E just after midnight.
        say("A", "2026-11-11T10:00");
        say("D", "2026-11-11T09:00", "2026-11-11T09:30");
        say("E", "2026-11-11T00:40");
    }

    @Test
    void oneDayWithQuitsAJoinBeforeMidnightAndStaffChatter() {
        GroupFigures day = figures("2026-11-10", "2026-11-10");
        assertThat(List.of(day.membersAtStart(), day.joins(), day.quits(), day.membersAtEnd()))
                .containsExactly(3L, 1L, 2L, 2L);
        assertThat(List.of(day.speakers(), day.messages(), day.retained())).containsExactly(3L, 5L, 1L);
        assertThat(day.quitRate()).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(day.interactionRate()).isCloseTo(1.5, within(1e-9));
        assertThat(day.messagesPerMember()).isCloseTo(2.5, within(1e-9));
        assertThat(day.retention()).isCloseTo(1.0 / 3, within(1e-9));
    }

    @Test
    void theNextDayCountsTheJoinJustAfterMidnightAndTheReturn() {
        GroupFigures day = figures("2026-11-11", "2026-11-11");
        assertThat(List.of(day.membersAtStart(), day.joins(), day.quits(), day.membersAtEnd()))
                .containsExactly(2L, 2L, 0L, 4L);
        assertThat(List.of(day.speakers(), day.messages(), day.retained())).containsExactly(3L, 4L, 2L);
        assertThat(day.quitRate()).isZero();
        assertThat(day.interactionRate()).isCloseTo(0.75, within(1e-9));
        assertThat(day.messagesPerMember()).isCloseTo(1.0, within(1e-9));
        assertThat(day.retention()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void aTwoDayPeriodCountsTheReturnedMemberAsRetained() {
        GroupFigures period = figures("2026-11-10", "2026-11-11");
        assertThat(List.of(period.membersAtStart(), period.joins(), period.quits(), period.membersAtEnd()))
                .containsExactly(3L, 3L, 2L, 4L);
        assertThat(List.of(period.speakers(), period.messages(), period.retained()))
                .containsExactly(5L, 9L, 2L);
        assertThat(period.retention()).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(figures("2026-10-01", "2026-10-31").interactionRate())
                .as("no members yet: no rate, not zero")
                .isNull();
    }

    private GroupFigures figures(String from, String to) {
        return CallContext.forTenant(tenant, "test")
                .call(() -> transactions.execute(status -> metrics.period(
                                tenant, CHAT, LocalDate.parse(from), LocalDate.parse(to), CommunityFixtures.SHANGHAI)
                        .getFirst()));
    }

    private void event(String member, String kind, String localTime, boolean staff) {
        fixtures.event(CHAT, member, kind, localTime, staff);
    }

    private void say(String sender, String... localTimes) {
        fixtures.say(CHAT, sender, localTimes);
    }
}
