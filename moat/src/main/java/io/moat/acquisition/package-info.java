/**
 * Acquisition: channel codes (渠道活码), staff rotation, package-card batches, welcome messages and channel funnels.
 * It owns the {@code acquisition} schema: {@code channel} (kind with its fields, rotation mode, tags, welcome message,
 * cost; hosted at {@code /c/{code}}), {@code channel_staff} (one WeCom contact way per staff member with its own
 * state, weight, daily cap, working hours, backup and online flags), {@code visit} (each page visit with the
 * rotation's decision and reason; no personal data), {@code visitor_staff} (sticky visitors), {@code arrival} and
 * {@code attribution} (adds through a state, first and last touch, later deletions), {@code welcome_send} (one row
 * per welcome with its final state: sent, failed with WeCom's errcode, skipped with the reason; each also enters the
 * common send log through {@link io.moat.messaging.SendBroker#recordWelcome} in the same transaction), {@code stray_add}
 * and {@code batch}. Contact ways and welcome messages go through {@link io.moat.wecom.WecomContactWays} and {@link
 * io.moat.wecom.WecomWelcomes}; the channel's tags are mapped to each state through {@link io.moat.tags.ChannelTagMap}
 * and applied by the tags module on {@link io.moat.wecom.CustomerAdded}; the welcome's benefit link is the customer's
 * own claim page from {@link io.moat.customers.BenefitLinks}; GMV and the batch funnel's claims, first private-domain
 * orders and repurchases come from {@link io.moat.customers.CustomerLookup}.
 * Listens to {@link io.moat.wecom.CustomerAdded}, {@link io.moat.wecom.StaffDeletedByCustomer}, {@link
 * io.moat.wecom.CustomerRemoved} and {@link io.moat.wecom.StaffChanged}.
 */
@ApplicationModule(
        displayName = "Acquisition",
        allowedDependencies = {"shared", "workspace", "wecom", "tags", "customers", "messaging"})
@NullMarked
package io.moat.acquisition;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
