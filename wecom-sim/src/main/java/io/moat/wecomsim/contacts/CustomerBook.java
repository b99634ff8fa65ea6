package io.moat.wecomsim.contacts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The corp's customers and who follows whom, indexed both ways so that paging through one member's customers stays
 * cheap with hundreds of thousands of them. Callers hold the corp's lock.
 */
public final class CustomerBook {

    private final Map<String, ExternalContact> customers = new LinkedHashMap<>();
    private final Map<String, String> byUnionid = new HashMap<>();
    private final Map<String, Map<String, FollowRelation>> byCustomer = new HashMap<>();
    private final Map<String, NavigableMap<Long, FollowRelation>> byStaff = new HashMap<>();
    private final List<RelationChange> history = new ArrayList<>();
    private long nextSeq = 1;

    public void record(RelationChange change) {
        history.add(change);
    }

    /** Relations made and ended, in the order it happened. */
    public List<RelationChange> history() {
        return Collections.unmodifiableList(history);
    }

    /** How many customers a member follows now. */
    public int countOf(String userid) {
        return byStaff.getOrDefault(userid, new TreeMap<>()).size();
    }

    public Optional<ExternalContact> customer(String externalUserId) {
        return Optional.ofNullable(externalUserId == null ? null : customers.get(externalUserId));
    }

    /** Every customer the corp ever had, in the order they came. */
    public List<ExternalContact> allCustomers() {
        return List.copyOf(customers.values());
    }

    /** The same WeChat user (same unionid) always has the same external_userid within a corp. */
    public Optional<ExternalContact> byUnionid(String unionid) {
        if (unionid == null || unionid.isEmpty()) {
            return Optional.empty();
        }
        return customer(byUnionid.get(unionid));
    }

    public void putCustomer(ExternalContact customer) {
        customers.put(customer.externalUserId(), customer);
        if (!customer.unionid().isEmpty()) {
            byUnionid.putIfAbsent(customer.unionid(), customer.externalUserId());
        }
    }

    public Optional<FollowRelation> relation(String userid, String externalUserId) {
        return Optional.ofNullable(
                byCustomer.getOrDefault(externalUserId, Map.of()).get(userid));
    }

    /** Follow relations of a customer in the order they were made. */
    public List<FollowRelation> followersOf(String externalUserId) {
        List<FollowRelation> followers = new ArrayList<>(
                byCustomer.getOrDefault(externalUserId, Map.of()).values());
        followers.sort((a, b) -> Long.compare(a.seq(), b.seq()));
        return followers;
    }

    /** Customers of one member, in the order the relations were made. */
    public List<FollowRelation> relationsOf(String userid) {
        return List.copyOf(byStaff.getOrDefault(userid, new TreeMap<>()).values());
    }

    /** Up to {@code limit} relations of one member made after the relation numbered {@code afterSeq}. */
    public List<FollowRelation> relationsOf(String userid, long afterSeq, long limit) {
        return byStaff.getOrDefault(userid, new TreeMap<>()).tailMap(afterSeq, false).values().stream()
                .limit(limit)
                .toList();
    }

    public long nextSeq() {
        return nextSeq++;
    }

    /** Adds a relation or replaces it (same member, same customer) with an edited one. */
    public void putRelation(FollowRelation relation) {
        byCustomer
                .computeIfAbsent(relation.externalUserId(), id -> new LinkedHashMap<>())
                .put(relation.userid(), relation);
        byStaff.computeIfAbsent(relation.userid(), id -> new TreeMap<>()).put(relation.seq(), relation);
    }

    public Optional<FollowRelation> removeRelation(String userid, String externalUserId) {
        Map<String, FollowRelation> followers = byCustomer.get(externalUserId);
        FollowRelation removed = followers == null ? null : followers.remove(userid);
        if (removed != null) {
            byStaff.get(userid).remove(removed.seq());
        }
        return Optional.ofNullable(removed);
    }

    /** Removes deleted corp tags from every relation. */
    public void dropTags(Collection<String> tagIds) {
        List<String> dropped = List.copyOf(tagIds);
        for (Map<String, FollowRelation> followers : byCustomer.values()) {
            for (FollowRelation relation : List.copyOf(followers.values())) {
                if (relation.tagIds().stream().anyMatch(dropped::contains)) {
                    putRelation(relation.withTags(List.of(), dropped));
                }
            }
        }
    }
}
