/**
 * Tags: groups of five kinds (manual, channel, rule, survey, system) and their tags, and which customers carry
 * them. It owns the {@code tags} schema: {@code tag_group} and {@code tag} (soft-deleted, names unique among live
 * ones, WeCom corp tag ids for groups that sync), {@code tag_assignment} (customer × tag with its source), {@code
 * rule} (a rule tag's condition), {@code channel_tag} and {@code channel_arrival} (tags a channel code's state
 * gives), and {@code bulk_job} / {@code bulk_result} (bulk tagging with per-customer outcomes). Groups that sync
 * with WeCom are changed in WeCom first through {@link io.moat.wecom.WecomTags} and then locally, because WeCom
 * sends no callback for API writes; WeCom's own changes ({@link io.moat.wecom.CorpTagsChanged}) and an explicit
 * sync are reconciled by corp tag id. Assigning a synced tag marks it on each of the customer's active staff
 * relations; bulk jobs run in the background, resumable and idempotent. Rule tags follow a condition over the
 * facts of {@link io.moat.customers.CustomerLookup}, re-evaluated as customers change, nightly and on demand.
 * Listens to {@link io.moat.wecom.CustomerAdded} (channel tags) and {@link io.moat.customers.CustomersMerged} (and {@link
 * io.moat.customers.CustomersUnmerged}, which moves the tags back).
 */
@ApplicationModule(
        displayName = "Tags",
        allowedDependencies = {"shared", "workspace", "wecom", "customers"})
@NullMarked
package io.moat.tags;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
