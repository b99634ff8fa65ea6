/**
 * One profile per person: identities (external_userid, unionid, hashed phone, marketplace buyer ids), staff
 * follow relations, notes, timeline, lifecycle stage, RFM class, loyalty type and consent. Personal data is
 * stored encrypted with a keyed hash for matching and shown masked.
 *
 * <p>Not built yet: the package holds its place in the module graph.
 */
@ApplicationModule(displayName = "Customers")
@NullMarked
package io.moat.customers;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
