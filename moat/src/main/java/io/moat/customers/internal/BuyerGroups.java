package io.moat.customers.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The people behind a batch of orders, found as one-by-one resolution would find them but in one pass: orders that
 * share a certain identity are one person, and so are the profiles that already own any of those identities. Each
 * group keeps the oldest of its profiles (the lowest id, as {@link Profiles#resolve} keeps) and the others are
 * merged into it; a group without any profile needs a new one.
 */
final class BuyerGroups {

    /** One person of the batch: the orders (by index) and the existing profiles, oldest first. */
    record Group(List<Integer> orders, TreeSet<Long> owners) {}

    private final Map<Object, Integer> nodes = new HashMap<>();
    private final List<Integer> parent = new ArrayList<>();

    /**
     * Groups the orders: {@code certain.get(i)} are order i's certain identities as {@code kind + '\0' + value};
     * {@code owners} is the profile that owns each known identity now.
     */
    static List<Group> of(List<List<String>> certain, Map<String, Long> owners) {
        var groups = new BuyerGroups();
        for (int order = 0; order < certain.size(); order++) {
            if (certain.get(order).isEmpty()) {
                continue;
            }
            int node = groups.node(new OrderKey(order));
            for (String identity : certain.get(order)) {
                groups.union(node, groups.node(identity));
                Long owner = owners.get(identity);
                if (owner != null) {
                    groups.union(node, groups.node(new OwnerKey(owner)));
                }
            }
        }
        Map<Integer, Group> byRoot = new HashMap<>();
        List<Group> result = new ArrayList<>();
        for (int order = 0; order < certain.size(); order++) {
            if (certain.get(order).isEmpty()) {
                continue;
            }
            int root = groups.find(groups.nodes.get(new OrderKey(order)));
            Group group = byRoot.computeIfAbsent(root, r -> {
                var created = new Group(new ArrayList<>(), new TreeSet<>());
                result.add(created);
                return created;
            });
            group.orders().add(order);
        }
        groups.nodes.forEach((key, node) -> {
            if (key instanceof OwnerKey owner) {
                byRoot.get(groups.find(node)).owners().add(owner.customer());
            }
        });
        return result;
    }

    private record OrderKey(int order) {}

    private record OwnerKey(long customer) {}

    private int node(Object key) {
        return nodes.computeIfAbsent(key, k -> {
            parent.add(parent.size());
            return parent.size() - 1;
        });
    }

    private int find(int node) {
        int root = node;
        while (parent.get(root) != root) {
            root = parent.get(root);
        }
        while (parent.get(node) != root) {
            int next = parent.get(node);
            parent.set(node, root);
            node = next;
        }
        return root;
    }

    private void union(int a, int b) {
        int ra = find(a);
        int rb = find(b);
        if (ra != rb) {
            parent.set(Math.max(ra, rb), Math.min(ra, rb));
        }
    }
}
