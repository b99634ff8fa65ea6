package io.moat.community.internal;

import io.moat.community.policy.CheckInGoal;
import io.moat.community.policy.Streak;
import io.moat.customers.CustomerActed;
import io.moat.customers.CustomerLookup;
import io.moat.shared.Problem;
import io.moat.shared.TenantId;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Daily check-ins in a group: one per member and calendar day where the workspace is (a second one that day
 * changes nothing), the streak fixed on each row, and the reward of the group type's streak goal recorded once per
 * streak for the loyalty module to honour. Call in the workspace's scope.
 */
@Component
@Transactional
public class CheckIns {

    private final JdbcClient jdbc;
    private final GroupDirectory directory;
    private final GroupPolicies policies;
    private final CustomerLookup customers;
    private final ApplicationEventPublisher events;

    CheckIns(
            JdbcClient jdbc,
            GroupDirectory directory,
            GroupPolicies policies,
            CustomerLookup customers,
            ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.directory = directory;
        this.policies = policies;
        this.customers = customers;
        this.events = events;
    }

    /** What check-in acts concern, for audience conditions: the group. */
    static String ref(String chatId) {
        return "check-in:" + chatId;
    }

    /** The member opened their check-in page: a link-opened act, whether or not they go on to check in. */
    public Standing opened(TenantId tenant, String chatId, String memberId, Instant now, ZoneId zone) {
        Standing standing = standing(tenant, chatId, memberId, Streak.day(now, zone));
        acted(tenant, memberId, CustomerActed.Act.LINK_OPENED, chatId, now);
        return standing;
    }

    /** A reward a streak earned; {@code honouredAt} is set once the loyalty module has paid it. */
    public record Reward(
            long id,
            String memberId,
            LocalDate streakStart,
            int streakDays,
            int points,
            String note,
            Instant earnedAt,
            @Nullable Instant honouredAt) {}

    /** Where a member stands in a group on a day: the streak alive then, all their check-ins, their rewards. */
    public record Standing(
            String chatId,
            String groupName,
            String memberId,
            LocalDate today,
            boolean checkedInToday,
            int streak,
            long total,
            @Nullable LocalDate lastDay,
            CheckInGoal goal,
            List<Reward> rewards) {}

    /** What a check-in did: whether it counted (not a repeat that day) and the reward it earned, if any. */
    public record Outcome(boolean counted, @Nullable Reward earned, Standing standing) {}

    public Outcome checkIn(TenantId tenant, String chatId, String memberId, Instant now, ZoneId zone) {
        boolean present = jdbc.sql("""
                select count(*) > 0 from community.member
                where tenant_id = ? and chat_id = ? and member_id = ? and not staff and left_at is null
                """)
                .params(tenant.value(), chatId, memberId)
                .query(Boolean.class)
                .single();
        if (!present) {
            throw new Problem(
                    HttpStatus.GONE, "no-longer-in-group", "Only members of the group can check in.", "token");
        }
        LocalDate day = Streak.day(now, zone);
        Optional<Streak> last = last(tenant, chatId, memberId);
        Streak next = Streak.after(last.orElse(null), day);
        boolean counted = !next.equals(last.orElse(null))
                && jdbc.sql("""
                                insert into community.check_in (tenant_id, chat_id, member_id, day, at, streak)
                                values (?, ?, ?, ?, ?, ?) on conflict do nothing
                                """)
                                .params(
                                        tenant.value(),
                                        chatId,
                                        memberId,
                                        Date.valueOf(day),
                                        GroupRegistry.at(now),
                                        next.length())
                                .update()
                        == 1;
        if (counted) {
            acted(tenant, memberId, CustomerActed.Act.CAMPAIGN_JOINED, chatId, now);
        }
        CheckInGoal goal = goal(tenant, chatId);
        Reward earned = counted && goal.reachedBy(next) ? reward(tenant, chatId, memberId, next, goal, now) : null;
        return new Outcome(counted, earned, standing(tenant, chatId, memberId, day));
    }

    @Transactional(readOnly = true)
    public Standing standing(TenantId tenant, String chatId, String memberId, LocalDate today) {
        var group = directory.group(tenant, chatId);
        var last = last(tenant, chatId, memberId);
        long total = jdbc.sql(
                        "select count(*) from community.check_in where tenant_id = ? and chat_id = ? and member_id = ?")
                .params(tenant.value(), chatId, memberId)
                .query(Long.class)
                .single();
        return new Standing(
                chatId,
                group.name(),
                memberId,
                today,
                last.map(s -> s.lastDay().equals(today)).orElse(false),
                last.map(s -> s.lengthOn(today)).orElse(0),
                total,
                last.map(Streak::lastDay).orElse(null),
                goal(tenant, chatId),
                rewards(tenant, chatId, memberId));
    }

    @Transactional(readOnly = true)
    public List<Reward> rewards(TenantId tenant, String chatId, @Nullable String memberId) {
        return jdbc.sql("""
                select id, member_id, streak_start, streak_days, points, note, earned_at, honoured_at
                from community.check_in_reward
                where tenant_id = ? and chat_id = ? and (cast(? as text) is null or member_id = ?)
                order by earned_at desc, id desc
                """)
                .params(tenant.value(), chatId, memberId, memberId)
                .query((rs, row) -> new Reward(
                        rs.getLong("id"),
                        rs.getString("member_id"),
                        rs.getDate("streak_start").toLocalDate(),
                        rs.getInt("streak_days"),
                        rs.getInt("points"),
                        rs.getString("note"),
                        rs.getTimestamp("earned_at").toInstant(),
                        rs.getTimestamp("honoured_at") == null
                                ? null
                                : rs.getTimestamp("honoured_at").toInstant()))
                .list();
    }

    /** Members without a profile yet (a WeCom add still on its way) leave no act. */
    private void acted(TenantId tenant, String memberId, CustomerActed.Act act, String chatId, Instant now) {
        customers
                .byExternalUserId(tenant, memberId)
                .ifPresent(customer -> events.publishEvent(new CustomerActed(tenant, customer, act, ref(chatId), now)));
    }

    private Optional<Streak> last(TenantId tenant, String chatId, String memberId) {
        return jdbc.sql("""
                select day, streak from community.check_in where tenant_id = ? and chat_id = ? and member_id = ?
                order by day desc limit 1
                """)
                .params(tenant.value(), chatId, memberId)
                .query((rs, row) -> new Streak(rs.getDate("day").toLocalDate(), rs.getInt("streak")))
                .optional();
    }

    private CheckInGoal goal(TenantId tenant, String chatId) {
        var type = directory.group(tenant, chatId).type();
        return type == null ? CheckInGoal.off() : policies.policy(tenant, type).checkIns();
    }

    /** Records the streak's reward; a streak already rewarded (same first day) earns nothing more. */
    private @Nullable Reward reward(
            TenantId tenant, String chatId, String memberId, Streak streak, CheckInGoal goal, Instant now) {
        return jdbc.sql("""
                insert into community.check_in_reward (tenant_id, chat_id, member_id, streak_start, streak_days,
                    points, note, earned_at)
                values (?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (tenant_id, chat_id, member_id, streak_start) do nothing
                returning id
                """)
                .params(
                        tenant.value(),
                        chatId,
                        memberId,
                        Date.valueOf(streak.firstDay()),
                        streak.length(),
                        goal.rewardPoints(),
                        goal.rewardNote(),
                        GroupRegistry.at(now))
                .query(Long.class)
                .optional()
                .map(id -> new Reward(
                        id,
                        memberId,
                        streak.firstDay(),
                        streak.length(),
                        goal.rewardPoints(),
                        goal.rewardNote(),
                        now,
                        null))
                .orElse(null);
    }
}
