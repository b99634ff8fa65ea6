package io.moat.community.internal;

import io.moat.community.policy.CheckInGoal;
import io.moat.community.policy.GroupType;
import io.moat.community.policy.GuardRules;
import io.moat.community.policy.InactivityRule;
import io.moat.community.policy.StageGoals;
import io.moat.shared.Problem;
import io.moat.shared.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Policies per group type — inactivity rule, guard switches, rules, announcement and welcome text, stage goals and
 * the check-in goal — and the guard's word lists. A type without a saved policy has no inactivity rule, guards links
 * and cards, uses the handbook's stage goals and rewards no streak. Call in the workspace's scope.
 */
@Component
@Transactional
public class GroupPolicies {

    private final JdbcClient jdbc;

    GroupPolicies(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Policy(
            GroupType type,
            InactivityRule inactivity,
            boolean guardLinks,
            boolean guardCards,
            String rulesText,
            String announcement,
            String welcomeText,
            StageGoals stageGoals,
            CheckInGoal checkIns) {
        static Policy defaults(GroupType type) {
            return new Policy(
                    type, InactivityRule.off(), true, true, "", "", "", StageGoals.DEFAULTS, CheckInGoal.off());
        }
    }

    public record GuardWord(long id, @Nullable GroupType type, String kind, String text) {}

    @Transactional(readOnly = true)
    public Policy policy(TenantId tenant, GroupType type) {
        return jdbc.sql("""
                select silent_days, min_messages, window_days, guard_links, guard_cards, rules_text, announcement,
                    welcome_text, founded_after_days, founded_members, active_interaction, retaining,
                    monetised_conversion, check_in_streak_days, check_in_reward_points, check_in_reward_note
                from community.type_policy where tenant_id = ? and group_type = ?
                """)
                .params(tenant.value(), type.code())
                .query((rs, row) -> new Policy(
                        type,
                        new InactivityRule(
                                (Integer) rs.getObject("silent_days"), (Integer) rs.getObject("min_messages"), (Integer)
                                        rs.getObject("window_days")),
                        rs.getBoolean("guard_links"),
                        rs.getBoolean("guard_cards"),
                        rs.getString("rules_text"),
                        rs.getString("announcement"),
                        rs.getString("welcome_text"),
                        new StageGoals(
                                rs.getInt("founded_after_days"),
                                rs.getInt("founded_members"),
                                rs.getDouble("active_interaction"),
                                rs.getDouble("retaining"),
                                rs.getDouble("monetised_conversion")),
                        new CheckInGoal(
                                (Integer) rs.getObject("check_in_streak_days"),
                                rs.getInt("check_in_reward_points"),
                                rs.getString("check_in_reward_note"))))
                .optional()
                .orElseGet(() -> Policy.defaults(type));
    }

    public Policy save(TenantId tenant, Policy policy, Instant now) {
        var rule = policy.inactivity();
        var goals = policy.stageGoals();
        var checkIns = policy.checkIns();
        jdbc.sql("""
                insert into community.type_policy (tenant_id, group_type, silent_days, min_messages, window_days,
                    guard_links, guard_cards, rules_text, announcement, welcome_text, founded_after_days,
                    founded_members, active_interaction, retaining, monetised_conversion, check_in_streak_days,
                    check_in_reward_points, check_in_reward_note, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (tenant_id, group_type) do update set silent_days = excluded.silent_days,
                    min_messages = excluded.min_messages, window_days = excluded.window_days,
                    guard_links = excluded.guard_links, guard_cards = excluded.guard_cards,
                    rules_text = excluded.rules_text, announcement = excluded.announcement,
                    welcome_text = excluded.welcome_text, founded_after_days = excluded.founded_after_days,
                    founded_members = excluded.founded_members, active_interaction = excluded.active_interaction,
                    retaining = excluded.retaining, monetised_conversion = excluded.monetised_conversion,
                    check_in_streak_days = excluded.check_in_streak_days,
                    check_in_reward_points = excluded.check_in_reward_points,
                    check_in_reward_note = excluded.check_in_reward_note, updated_at = excluded.updated_at
                """)
                .params(
                        tenant.value(),
                        policy.type().code(),
                        rule.silentDays(),
                        rule.minMessages(),
                        rule.windowDays(),
                        policy.guardLinks(),
                        policy.guardCards(),
                        policy.rulesText(),
                        policy.announcement(),
                        policy.welcomeText(),
                        goals.foundedAfterDays(),
                        goals.foundedMembers(),
                        goals.activeInteraction(),
                        goals.retaining(),
                        goals.monetisedConversion(),
                        checkIns.streakDays(),
                        checkIns.rewardPoints(),
                        checkIns.rewardNote(),
                        GroupRegistry.at(now))
                .update();
        return policy(tenant, policy.type());
    }

    /** Saves a type's policy with the WeCom group welcome template that now holds its welcome text (or none). */
    public Policy save(TenantId tenant, Policy policy, Instant now, @Nullable String welcomeTemplateId) {
        save(tenant, policy, now);
        jdbc.sql("update community.type_policy set welcome_template_id = ? where tenant_id = ? and group_type = ?")
                .params(welcomeTemplateId, tenant.value(), policy.type().code())
                .update();
        return policy(tenant, policy.type());
    }

    /** The WeCom group welcome template holding this type's welcome text, once Moat made one. */
    @Transactional(readOnly = true)
    public Optional<String> welcomeTemplate(TenantId tenant, GroupType type) {
        return jdbc.sql("""
                select welcome_template_id from community.type_policy
                where tenant_id = ? and group_type = ? and welcome_template_id is not null
                """)
                .params(tenant.value(), type.code())
                .query(String.class)
                .optional();
    }

    /** The guard's rules for a group of this type ({@code null}: a group nobody typed yet). */
    @Transactional(readOnly = true)
    public GuardRules guardRules(TenantId tenant, @Nullable GroupType type) {
        List<String> words = new ArrayList<>();
        List<Pattern> patterns = new ArrayList<>();
        for (GuardWord word : words(tenant)) {
            if (word.type() != null && word.type() != type) {
                continue;
            }
            if (word.kind().equals("word")) {
                words.add(word.text());
            } else {
                patterns.add(Pattern.compile(word.text()));
            }
        }
        Policy policy = type == null ? Policy.defaults(GroupType.TRAFFIC) : policy(tenant, type);
        return new GuardRules(
                words, patterns, policy.guardLinks(), policy.guardCards() ? GuardRules.CARD_TYPES : Set.of());
    }

    @Transactional(readOnly = true)
    public List<GuardWord> words(TenantId tenant) {
        return jdbc.sql("""
                select id, group_type, kind, text from community.guard_word where tenant_id = ?
                order by group_type nulls first, kind, text
                """)
                .param(tenant.value())
                .query((rs, row) -> new GuardWord(
                        rs.getLong("id"),
                        Optional.ofNullable(rs.getString("group_type"))
                                .flatMap(GroupType::ofCode)
                                .orElse(null),
                        rs.getString("kind"),
                        rs.getString("text")))
                .list();
    }

    public GuardWord addWord(TenantId tenant, @Nullable GroupType type, String kind, String text, Instant now) {
        if (kind.equals("pattern")) {
            try {
                Pattern.compile(text);
            } catch (PatternSyntaxException e) {
                throw new Problem(
                        HttpStatus.BAD_REQUEST,
                        "invalid-pattern",
                        "Not a valid pattern: " + e.getDescription(),
                        "text");
            }
        }
        Long id = jdbc.sql("""
                insert into community.guard_word (tenant_id, group_type, kind, text, created_at) values (?, ?, ?, ?, ?)
                on conflict do nothing returning id
                """)
                .params(tenant.value(), type == null ? null : type.code(), kind, text, GroupRegistry.at(now))
                .query(Long.class)
                .optional()
                .orElseThrow(() -> new Problem(
                        HttpStatus.CONFLICT, "guard-word-exists", "'" + text + "' is on the list already.", "text"));
        return new GuardWord(id, type, kind, text);
    }

    public void removeWord(TenantId tenant, long id) {
        if (jdbc.sql("delete from community.guard_word where tenant_id = ? and id = ?")
                        .params(tenant.value(), id)
                        .update()
                == 0) {
            throw new Problem(HttpStatus.NOT_FOUND, "guard-word-not-found", "There is no guard word " + id + ".");
        }
    }
}
