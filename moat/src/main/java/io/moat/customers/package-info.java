/**
 * One profile per person. It owns the {@code customers} schema: profiles with a dense per-workspace number (for
 * audience bitmaps), the identity graph (WeCom external_userid, unionid, openid, phone hash, marketplace buyer ids,
 * each with its source and confidence), staff relations projected from WeCom's events, notes, merge suggestions,
 * the timeline (the customer's event log, partitioned by month), and each profile's purchases (a projection of
 * commerce's orders, linked to profiles by unionid, openid, phone hash or marketplace buyer id: order to fan). Certain matches merge profiles automatically;
 * merges are audited. Phones are sealed and hashed ({@link io.moat.shared.crypto.PersonalData}) and shown masked to
 * roles without {@code customers:pii}; every unmasked view is audited. Publishes {@link
 * io.moat.customers.CustomerRegistered} and {@link io.moat.customers.CustomersMerged}; {@link io.moat.customers.CustomerActed}
 * is the act (opened a link, claimed a benefit, took part in a campaign) any module that saw one publishes.
 */
@ApplicationModule(
        displayName = "Customers",
        allowedDependencies = {"shared", "workspace", "wecom", "commerce"})
@NullMarked
package io.moat.customers;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
