/**
 * Customer groups as the handbook runs them, as assisted workflows: WeCom has no API to post into a customer group
 * or remove a member, so Moat watches and asks staff to act through {@link io.moat.tasks.StaffTasks}. It owns the
 * {@code community} schema: the group registry ({@code group_profile} with type, tags and recorded cost; {@code
 * member} with roles; {@code membership_event}, every join and quit), a projection of archived group messages
 * ({@code message}), policies per group type ({@code type_policy}: inactivity rule, guard switches, rules,
 * announcement, welcome text, stage goals, check-in goal), the guard's word lists and its cases ({@code guard_word},
 * {@code guard_hit}, {@code guard_case}), the keyword library ({@code keyword}) and check-ins (personal signed links
 * {@code check_in_link}, one {@code check_in} per member and day, and {@code check_in_reward}, the streak rewards the
 * loyalty module is to honour). It listens to the wecom module's group events and
 * archived messages, reads groups through {@link io.moat.wecom.WecomGroups}, and computes the group metrics of
 * docs/metrics.md ("Community").
 */
@ApplicationModule(
        displayName = "Community",
        allowedDependencies = {"shared", "workspace", "wecom", "tasks", "customers", "messaging"})
@NullMarked
package io.moat.community;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
