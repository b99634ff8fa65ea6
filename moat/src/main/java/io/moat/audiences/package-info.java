/**
 * Audiences: the segment language and the bitmap index that evaluates it. {@link io.moat.audiences.AudienceCondition}
 * is a closed, versioned set of conditions over tags, profile values (gender, lifecycle stage, loyalty type, RFM
 * segment and scores, region, custom fields such as member level), orders (count, net spend, last order within a window, bought SKU / category / product role
 * within a window), acquisition channel (any, first or last touch), first add, staff owner, group membership, activities in a window and consent, nested with AND, OR
 * and NOT; its JSON form is described in docs/audiences.md. {@link io.moat.audiences.Audiences} answers a condition
 * for one customer (with reasons), as a count, or as pages of members, from an in-memory index per workspace: a
 * Roaring bitmap per tag and per categorical value over customers' dense numbers, plus columns for numbers and
 * times. The index is built from the database (through {@link io.moat.customers.CustomerAttributes} and {@link
 * io.moat.tags.TagHolders}; bought lines through {@link io.moat.customers.CustomerLookup}) and follows {@link
 * io.moat.customers.CustomerRegistered}, {@link
 * io.moat.customers.CustomersMerged}, {@link io.moat.customers.CustomerFactsChanged}, {@link io.moat.customers.CustomerFieldsChanged}, {@link
 * io.moat.tags.CustomerTagsChanged} and {@link io.moat.tags.TagsDeleted}. It owns the {@code audiences} schema:
 * {@code group_member} (fed by WeCom's {@link io.moat.wecom.MembersJoined}, {@link io.moat.wecom.MembersLeft} and
 * {@link io.moat.wecom.GroupDismissed}) and {@code activity} (the latest moment of each customer's acts, from {@link io.moat.customers.CustomerActed}),
 * and saved segments ({@code segment} with its members as a bitmap, {@code segment_change}, {@code segment_size})
 * whose membership changes publish {@link io.moat.audiences.SegmentChanged} per segment and, after the commit, {@link
 * io.moat.audiences.SegmentEntered} and {@link io.moat.audiences.SegmentExited} per customer.
 */
@ApplicationModule(
        displayName = "Audiences",
        allowedDependencies = {"shared", "workspace", "customers", "tags", "wecom"})
@NullMarked
package io.moat.audiences;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
