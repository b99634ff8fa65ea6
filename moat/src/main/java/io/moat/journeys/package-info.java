/**
 * SOP automation. It owns the {@code journeys} schema: journeys with a draft and numbered, immutable published
 * versions ({@code journey}, {@code journey_version}; the definition is a JSON document read into sealed triggers,
 * entry rules, exit criteria and a step tree, {@link io.moat.journeys.definition.DefinitionJson}), enrolments
 * ((journey, customer, occurrence), each on the version it started, {@code enrolment}), per-step counters ({@code
 * step_stat}), the action log ({@code action}), split membership with holdout conversions ({@code split_member}) and
 * the holders of tags that live journeys are triggered by ({@code tag_holding}). Triggers come from other modules' events (WeCom adds and group
 * changes, recomputed customer values for paid orders, segment changes) and from the API; each matching trigger
 * and each wait is a row of durable due work ({@link io.moat.shared.schedule.Schedule}), and a step's effects, its
 * counters and the enrolment's next wake commit in one transaction. The step machine
 * ({@link io.moat.journeys.run.StepMachine}) is pure: waits count from the due time, branches ask the audiences
 * module, splits hash. Tag steps go through the tags module (WeCom {@code mark_tag}), field steps through
 * customers' custom fields, message and group steps through the send broker. Actions carry the deterministic key workspace/journey/step/customer/occurrence. Ready-made
 * playbook templates: {@link io.moat.journeys.templates.JourneyTemplates}.
 *
 * <p>Group SOP calendars ({@code sop_calendar}, one per community group type, with daily and weekly slots at local
 * times; {@code sop_post}, one row per (calendar, slot, local day, group)) become group mass-send tasks of each
 * group's owner through the send broker ({@link io.moat.journeys.calendar.SlotExpansion} expands the slots in the
 * workspace's zone). Broadcasts ({@code broadcast}) send once to an audience at a chosen moment through the broker.
 * Moments plans ({@code moment_plan}, {@code moment_reach}) post WeCom enterprise Moments per staff member
 * ({@code add_moment_task}), visible by tag, counted against each customer's daily Moments cap.
 */
@ApplicationModule(
        displayName = "Journeys",
        allowedDependencies = {
            "shared",
            "workspace",
            "wecom",
            "customers",
            "tags",
            "audiences",
            "tasks",
            "messaging",
            "community"
        })
@NullMarked
package io.moat.journeys;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
