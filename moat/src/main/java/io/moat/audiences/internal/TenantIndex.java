package io.moat.audiences.internal;

import io.moat.audiences.AudienceCondition.ActivityKind;
import io.moat.audiences.AudienceCondition.Product;
import io.moat.audiences.AudienceCondition.ProfileField;
import io.moat.audiences.AudienceCondition.RfmDimension;
import io.moat.audiences.AudienceCondition.Touch;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.IntPredicate;
import java.util.function.Supplier;
import org.roaringbitmap.RoaringBitmap;
import org.roaringbitmap.RoaringBitmapWriter;

/**
 * One workspace's audience index over customers' dense numbers: a Roaring bitmap per tag, per categorical value
 * (gender, stage, loyalty, RFM segment, channel state by touch, staff, group) and for opted-out customers, and
 * primitive columns for numbers and times, scanned into a bitmap when a range is asked. Every bitmap holds live
 * customers only. Reads share a lock; a change to customers takes it exclusively.
 */
public final class TenantIndex {

    private final ZoneId zone;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final RoaringBitmap live = new RoaringBitmap();
    private final RoaringBitmap optedOut = new RoaringBitmap();
    private final Map<Long, RoaringBitmap> tags = new HashMap<>();
    private final Map<ProfileField, Map<String, RoaringBitmap>> profile = new EnumMap<>(ProfileField.class);
    private final Map<Touch, Map<String, RoaringBitmap>> channels = new EnumMap<>(Touch.class);
    private final Map<String, RoaringBitmap> staff = new HashMap<>();
    private final Map<String, RoaringBitmap> groups = new HashMap<>();
    /** province or city of the latest counting order's address → customers. */
    private final Map<String, RoaringBitmap> regions = new HashMap<>();
    /** custom field key → stored value → customers; and each key's type (number fields range by number). */
    private final Map<String, Map<String, RoaringBitmap>> fields = new HashMap<>();

    private final Map<String, String> fieldTypes = new HashMap<>();
    /** kind → ref → number → latest time. */
    private final Map<ActivityKind, Map<String, Map<Integer, Long>>> activities = new EnumMap<>(ActivityKind.class);
    /** SKU / category / role → value → number → latest payment time. */
    private final Map<Product, Map<String, Map<Integer, Long>>> bought = new EnumMap<>(Product.class);

    private final Map<Long, Integer> numbers = new HashMap<>();
    private long[] ids = new long[1024];
    private int[] orders = new int[1024];
    private long[] spend = new long[1024];
    private long[] lastOrder = new long[1024];
    private long[] firstAdded = new long[1024];
    private byte[] rfm = new byte[3 * 1024];

    TenantIndex(ZoneId zone) {
        this.zone = zone;
        for (ProfileField field : ProfileField.values()) {
            profile.put(field, new HashMap<>());
        }
        for (Touch touch : Touch.values()) {
            channels.put(touch, new HashMap<>());
        }
        for (ActivityKind kind : ActivityKind.values()) {
            activities.put(kind, new HashMap<>());
        }
        for (Product by : Product.values()) {
            bought.put(by, new HashMap<>());
        }
    }

    /**
     * An index of tags only, from ready bitmaps (benchmarks load generated data this way; the application builds
     * through {@link #put}).
     */
    public static TenantIndex ofTags(ZoneId zone, RoaringBitmap live, Map<Long, RoaringBitmap> tags) {
        TenantIndex index = new TenantIndex(zone);
        index.live.or(live);
        tags.forEach((tag, bitmap) -> index.tags.put(tag, ChunkForm.dense(bitmap)));
        int last = live.isEmpty() ? 0 : live.last();
        index.grow(last);
        live.forEach((int n) -> index.ids[n] = n);
        return index;
    }

    ZoneId zone() {
        return zone;
    }

    <T> T read(Supplier<T> work) {
        lock.readLock().lock();
        try {
            return work.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    void write(Runnable work) {
        lock.writeLock().lock();
        try {
            work.run();
        } finally {
            lock.writeLock().unlock();
        }
    }

    // ---- maintenance (under the write lock) ----

    /** Puts a customer in, replacing whatever the index knew of it. */
    void put(CustomerEntry entry) {
        int n = entry.number();
        remove(entry.id());
        grow(n);
        numbers.put(entry.id(), n);
        ids[n] = entry.id();
        orders[n] = entry.orders();
        spend[n] = entry.netSpendFen();
        lastOrder[n] = entry.lastOrderAt();
        firstAdded[n] = entry.firstAddedAt();
        rfm[3 * n] = (byte) entry.recency();
        rfm[3 * n + 1] = (byte) entry.frequency();
        rfm[3 * n + 2] = (byte) entry.monetary();
        live.add(n);
        if (entry.optedOut()) {
            ChunkForm.add(optedOut, n);
        }
        entry.tags().forEach(tag -> ChunkForm.add(bitmap(tags, tag), n));
        addValue(ProfileField.GENDER, entry.gender(), n);
        addValue(ProfileField.STAGE, entry.stage(), n);
        addValue(ProfileField.LOYALTY, entry.loyalty(), n);
        addValue(ProfileField.RFM_SEGMENT, entry.rfmSegment(), n);
        entry.channels().forEach(state -> ChunkForm.add(bitmap(channels.get(Touch.ANY), state), n));
        if (entry.firstTouch() != null) {
            ChunkForm.add(bitmap(channels.get(Touch.FIRST), entry.firstTouch()), n);
        }
        if (entry.lastTouch() != null) {
            ChunkForm.add(bitmap(channels.get(Touch.LAST), entry.lastTouch()), n);
        }
        entry.activeStaff().forEach(user -> ChunkForm.add(bitmap(staff, user), n));
        entry.groups().forEach(chat -> ChunkForm.add(bitmap(groups, chat), n));
        if (entry.province() != null) {
            ChunkForm.add(bitmap(regions, entry.province()), n);
        }
        if (entry.city() != null) {
            ChunkForm.add(bitmap(regions, entry.city()), n);
        }
        entry.fields()
                .forEach((key, value) ->
                        ChunkForm.add(bitmap(fields.computeIfAbsent(key, k -> new HashMap<>()), value), n));
        entry.activities().forEach(a -> activities
                .get(a.kind())
                .computeIfAbsent(a.ref(), ref -> new HashMap<>())
                .merge(n, a.at(), Math::max));
        entry.bought().forEach(b -> bought.get(b.by())
                .computeIfAbsent(b.value(), value -> new HashMap<>())
                .merge(n, b.at(), Math::max));
    }

    /** A live customer did {@code kind} for {@code ref} at {@code at} (epoch ms); an unknown one is read when it arrives. */
    void acted(long id, ActivityKind kind, String ref, long at) {
        Integer number = numbers.get(id);
        if (number != null) {
            activities.get(kind).computeIfAbsent(ref, r -> new HashMap<>()).merge(number, at, Math::max);
        }
    }

    /** Takes a customer out (merged away, or about to be put in anew). */
    void remove(long id) {
        Integer number = numbers.remove(id);
        if (number == null) {
            return;
        }
        int n = number;
        // ids[n] stays: a number belongs to one customer for good, and saved segments still name who left.
        live.remove(n);
        optedOut.remove(n);
        tags.values().forEach(b -> b.remove(n));
        profile.values().forEach(values -> values.values().forEach(b -> b.remove(n)));
        channels.values().forEach(values -> values.values().forEach(b -> b.remove(n)));
        staff.values().forEach(b -> b.remove(n));
        groups.values().forEach(b -> b.remove(n));
        regions.values().forEach(b -> b.remove(n));
        fields.values().forEach(values -> values.values().forEach(b -> b.remove(n)));
        activities.values().forEach(refs -> refs.values().forEach(times -> times.remove(n)));
        bought.values().forEach(values -> values.values().forEach(times -> times.remove(n)));
    }

    /** The workspace's custom field types by key (number fields range by number, the others by text). */
    void fieldTypes(Map<String, String> types) {
        fieldTypes.clear();
        fieldTypes.putAll(types);
        fields.keySet().retainAll(types.keySet());
    }

    void dropTags(Collection<Long> tagIds) {
        tagIds.forEach(tags::remove);
    }

    private void addValue(ProfileField field, String value, int n) {
        if (value != null) {
            ChunkForm.add(bitmap(profile.get(field), value), n);
        }
    }

    private static <K> RoaringBitmap bitmap(Map<K, RoaringBitmap> bitmaps, K key) {
        return bitmaps.computeIfAbsent(key, k -> new RoaringBitmap());
    }

    private void grow(int n) {
        if (n < ids.length) {
            return;
        }
        int capacity = Math.max(n + 1, ids.length * 2);
        ids = Arrays.copyOf(ids, capacity);
        orders = Arrays.copyOf(orders, capacity);
        spend = Arrays.copyOf(spend, capacity);
        lastOrder = Arrays.copyOf(lastOrder, capacity);
        firstAdded = Arrays.copyOf(firstAdded, capacity);
        rfm = Arrays.copyOf(rfm, 3 * capacity);
    }

    // ---- queries (under the read lock; results are fresh bitmaps the caller owns) ----

    RoaringBitmap everyone() {
        return live.clone();
    }

    RoaringBitmap optedOut() {
        return optedOut.clone();
    }

    /** The live customers, shared: callers must not change it. */
    RoaringBitmap live() {
        return live;
    }

    /** The opted-out customers, shared: callers must not change it. */
    RoaringBitmap optedOutView() {
        return optedOut;
    }

    /** The bitmap of one tag, shared: callers must not change it. Empty when nobody carries the tag. */
    RoaringBitmap tag(long tagId) {
        return tags.getOrDefault(tagId, EMPTY);
    }

    RoaringBitmap value(ProfileField field, String value) {
        return profile.get(field).getOrDefault(value, EMPTY);
    }

    RoaringBitmap channel(Touch touch, String state) {
        return channels.get(touch).getOrDefault(state, EMPTY);
    }

    RoaringBitmap staff(String user) {
        return staff.getOrDefault(user, EMPTY);
    }

    RoaringBitmap group(String chatId) {
        return groups.getOrDefault(chatId, EMPTY);
    }

    RoaringBitmap region(String place) {
        return regions.getOrDefault(place, EMPTY);
    }

    RoaringBitmap field(String key, String value) {
        return fields.getOrDefault(key, Map.of()).getOrDefault(value, EMPTY);
    }

    /** Customers whose field {@code key} lies in {@code min..max}: by number for number fields, else by text. */
    RoaringBitmap fieldRange(String key, String min, String max) {
        Map<String, RoaringBitmap> values = fields.getOrDefault(key, Map.of());
        boolean number = "number".equals(fieldTypes.get(key));
        java.math.BigDecimal low = null;
        java.math.BigDecimal high = null;
        if (number) {
            try {
                low = min == null ? null : new java.math.BigDecimal(min);
                high = max == null ? null : new java.math.BigDecimal(max);
            } catch (NumberFormatException e) {
                return new RoaringBitmap();
            }
        }
        RoaringBitmap in = new RoaringBitmap();
        for (var entry : values.entrySet()) {
            String value = entry.getKey();
            boolean holds;
            if (number) {
                java.math.BigDecimal v;
                try {
                    v = new java.math.BigDecimal(value);
                } catch (NumberFormatException e) {
                    continue;
                }
                holds = (low == null || v.compareTo(low) >= 0) && (high == null || v.compareTo(high) <= 0);
            } else {
                holds = (min == null || value.compareTo(min) >= 0) && (max == null || value.compareTo(max) <= 0);
            }
            if (holds) {
                in.or(entry.getValue());
            }
        }
        return in;
    }

    /** The customer's value of field {@code key}, or null. */
    String fieldValue(String key, int n) {
        for (var entry : fields.getOrDefault(key, Map.of()).entrySet()) {
            if (entry.getValue().contains(n)) {
                return entry.getKey();
            }
        }
        return null;
    }

    RoaringBitmap scan(IntPredicate holds) {
        RoaringBitmapWriter<RoaringBitmap> writer = RoaringBitmapWriter.writer().get();
        var it = live.getIntIterator();
        while (it.hasNext()) {
            int n = it.next();
            if (holds.test(n)) {
                writer.add(n);
            }
        }
        return writer.get();
    }

    /** Customers who did {@code kind} (for {@code ref}, or any ref when null) at or after {@code cutoff}. */
    RoaringBitmap did(ActivityKind kind, String ref, long cutoff) {
        RoaringBitmap done = new RoaringBitmap();
        activities.get(kind).forEach((r, times) -> {
            if (ref == null || ref.equals(r)) {
                times.forEach((n, at) -> {
                    if (at >= cutoff) {
                        done.add(n);
                    }
                });
            }
        });
        return done;
    }

    long latest(ActivityKind kind, String ref, int n) {
        long latest = CustomerEntry.NONE;
        for (var byRef : activities.get(kind).entrySet()) {
            if (ref == null || ref.equals(byRef.getKey())) {
                latest = Math.max(latest, byRef.getValue().getOrDefault(n, CustomerEntry.NONE));
            }
        }
        return latest;
    }

    /** Customers who bought a line of one of {@code values} at or after {@code cutoff}. */
    RoaringBitmap bought(Product by, Collection<String> values, long cutoff) {
        RoaringBitmap done = new RoaringBitmap();
        Map<String, Map<Integer, Long>> byValue = bought.get(by);
        for (String value : values) {
            byValue.getOrDefault(value, Map.of()).forEach((n, at) -> {
                if (at >= cutoff) {
                    done.add(n);
                }
            });
        }
        return done;
    }

    /** The latest time the customer bought a line of {@code value}, or {@link CustomerEntry#NONE}. */
    long latestBought(Product by, String value, int n) {
        return bought.get(by).getOrDefault(value, Map.of()).getOrDefault(n, CustomerEntry.NONE);
    }

    Integer number(long id) {
        return numbers.get(id);
    }

    long id(int n) {
        return ids[n];
    }

    /** The customer of a number, or 0 when this index never held it (a customer merged away before it was built). */
    long idOrZero(int n) {
        return n >= 0 && n < ids.length ? ids[n] : 0;
    }

    int orders(int n) {
        return orders[n];
    }

    long spend(int n) {
        return spend[n];
    }

    long lastOrder(int n) {
        return lastOrder[n];
    }

    long firstAdded(int n) {
        return firstAdded[n];
    }

    int rfm(int n, RfmDimension dimension) {
        return rfm[3 * n + dimension.ordinal()];
    }

    List<String> values(ProfileField field, int n) {
        return profile.get(field).entrySet().stream()
                .filter(e -> e.getValue().contains(n))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    private static final RoaringBitmap EMPTY = new RoaringBitmap();
}
