package io.moat.audiences;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.MoatTest;
import io.moat.audiences.internal.AudienceIndex;
import io.moat.customers.CustomerFieldsChanged;
import io.moat.customers.CustomerId;
import io.moat.shared.TenantId;
import io.moat.tags.CustomerTagsChanged;
import io.moat.tags.TagFixtures;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The correctness guard (property-based, outside jqwik's engine because it needs the application; the seed is in
 * every failure message): on random data (profiles, values, relations, tags, groups, activities, merges, opt-outs)
 * hundreds of random conditions give exactly the members an independent SQL evaluation ({@link SqlAudience}) finds
 * over the same rows — after a full build, and again after random tag changes applied through events.
 */
@MoatTest
class AudienceGuardTests {

    static final int CUSTOMERS = 300;
    static final int CONDITIONS = 300;
    static final List<String> STATES = List.of("pkgcard", "live", "s1", "s2");
    static final List<String> STAFF = List.of("zhangsan", "lisi", "s1");
    static final List<String> CHATS = List.of("chat-1", "s2");

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("ownerDataSource")
    DataSource owner;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    Audiences audiences;

    @Autowired
    AudienceIndex index;

    @Test
    void theIndexAgreesWithSqlOnRandomDataAndConditions() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        TagFixtures shop = new TagFixtures(port, owner, events, transactions);
        JdbcTemplate db = new JdbcTemplate(owner);
        List<Long> tags = randomData(db, shop.tenant, random);
        index.rebuild(shop.tenant);
        compare(shop, db, tags, random, seed, "after a full build");

        // Random tag changes, applied to the index through the tags module's event.
        List<CustomerId> touched = new ArrayList<>();
        List<Long> ids = db.queryForList(
                "select id from customers.customer where tenant_id = ? and merged_into is null",
                Long.class,
                shop.tenant.value());
        for (int i = 0; i < 60; i++) {
            long customer = ids.get(random.nextInt(ids.size()));
            long tag = tags.get(random.nextInt(tags.size()));
            if (random.nextBoolean()) {
                db.update(
                        "delete from tags.tag_assignment where tenant_id = ? and customer_id = ? and tag_id = ?",
                        shop.tenant.value(),
                        customer,
                        tag);
            } else {
                db.update(
                        "insert into tags.tag_assignment values (?, ?, ?, 'manual', 'test', now()) on conflict do nothing",
                        shop.tenant.value(),
                        customer,
                        tag);
            }
            touched.add(new CustomerId(customer));
        }
        shop.publish(new CustomerTagsChanged(shop.tenant, touched));
        compare(shop, db, tags, random, seed, "after incremental tag changes");

        // Random member level changes, applied through the customers module's event.
        List<CustomerId> leveled = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            long customer = ids.get(random.nextInt(ids.size()));
            db.update("""
                    insert into customers.field_value (tenant_id, customer_id, field_id, value, updated_at)
                    select tenant_id, ?, id, ?, now() from customers.field_definition
                    where tenant_id = ? and key = 'member_level'
                    on conflict (tenant_id, customer_id, field_id) do update set value = excluded.value""", customer, List.of("金卡", "银卡", "普通").get(random.nextInt(3)), shop.tenant.value());
            leveled.add(new CustomerId(customer));
        }
        shop.publish(new CustomerFieldsChanged(shop.tenant, leveled, false));
        compare(shop, db, tags, random, seed, "after incremental field changes");
    }

    private void compare(TagFixtures shop, JdbcTemplate db, List<Long> tags, Random random, long seed, String when) {
        String zone = db.queryForObject(
                "select timezone from workspace.workspace where tenant_id = ?", String.class, shop.tenant.value());
        var sql = new NamedParameterJdbcTemplate(db);
        List<String> texts = List.of("pkgcard", "live", "s1", "s2", "zhangsan", "lisi", "chat-1");
        for (int i = 0; i < CONDITIONS; i++) {
            AudienceCondition condition = RandomConditions.plain(random, tags, texts, 3);
            Instant now = Instant.now();
            List<Long> expected = sql.queryForList(
                    SqlAudience.membersQuery(condition),
                    new MapSqlParameterSource()
                            .addValue("tenant", shop.tenant.value())
                            .addValue("now", Timestamp.from(now))
                            .addValue("zone", zone),
                    Long.class);
            List<Long> actual = new ArrayList<>();
            CustomerId after = null;
            do {
                var page = audiences.members(shop.tenant, condition, after, 97);
                page.customers().forEach(c -> actual.add(c.value()));
                after = page.next();
            } while (after != null);
            assertThat(actual)
                    .as("%s, seed %d, condition %s", when, seed, audiences.json(condition))
                    .containsExactlyInAnyOrderElementsOf(expected);
            assertThat(audiences.count(shop.tenant, condition)).isEqualTo(expected.size());
            if (!expected.isEmpty()) {
                long one = expected.get(random.nextInt(expected.size()));
                assertThat(audiences.matches(shop.tenant, new CustomerId(one), condition))
                        .isTrue();
            }
        }
    }

    /** Writes random rows as the owning modules would have them; returns the tag ids. */
    private static List<Long> randomData(JdbcTemplate db, TenantId tenant, Random random) {
        long t = tenant.value();
        Instant now = Instant.now();
        long group = db.queryForObject("""
                insert into tags.tag_group (tenant_id, name, kind, created_at) values (?, 'guard', 'manual', now())
                returning id""", Long.class, t);
        List<Long> tags = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            tags.add(db.queryForObject("""
                    insert into tags.tag (tenant_id, group_id, name, created_at) values (?, ?, ?, now()) returning id
                    """, Long.class, t, group, "g" + i));
        }
        long level = field(db, t, "member_level", "choice", new String[] {"金卡", "银卡", "普通"});
        long score = field(db, t, "score", "number", new String[0]);
        long birthday = field(db, t, "birthday", "date", new String[0]);
        // a removed field: its values are in no audience
        long removed = field(db, t, "removed_field", "text", new String[0]);
        db.update(
                "update customers.field_definition set deleted_at = now() where tenant_id = ? and id = ?", t, removed);
        List<String> stages =
                List.of("prospect", "new_fan", "first_order", "repeat_buyer", "active", "dormant", "lost");
        List<String> loyalty = List.of("loyal", "bargain_hunter", "need_driven", "low_need", "unclassified");
        List<String> segments = List.of("champions", "cant_lose", "hibernating", "new_or_occasional");
        List<Long> ids = new ArrayList<>();
        for (int n = 1; n <= CUSTOMERS; n++) {
            Timestamp firstAdded = random.nextInt(5) == 0 ? null : ago(now, random, 120);
            long id = db.queryForObject(
                    """
                    insert into customers.customer (tenant_id, number, gender, source, created_at, first_added_at,
                        opted_out_at) values (?, ?, ?, 'test', now(), ?, ?) returning id""",
                    Long.class,
                    t,
                    n,
                    random.nextInt(3),
                    firstAdded,
                    random.nextInt(6) == 0 ? ago(now, random, 30) : null);
            ids.add(id);
            if (random.nextInt(4) != 0) {
                boolean scored = random.nextBoolean();
                int orders = random.nextInt(5);
                db.update(
                        """
                        insert into customers.customer_value (tenant_id, customer_id, stage, rfm_recency, rfm_frequency,
                            rfm_monetary, rfm_segment, loyalty, loyalty_reason, orders, net_spend_fen, last_order_at,
                            computed_at) values (?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, now())""",
                        t,
                        id,
                        pick(stages, random),
                        scored ? 1 + random.nextInt(5) : null,
                        scored ? 1 + random.nextInt(5) : null,
                        scored ? 1 + random.nextInt(5) : null,
                        scored ? pick(segments, random) : null,
                        pick(loyalty, random),
                        orders,
                        orders == 0 ? 0 : random.nextInt(120_000),
                        orders == 0 ? null : ago(now, random, 400));
            }
            for (String staff : STAFF) {
                if (random.nextInt(3) == 0) {
                    db.update(
                            """
                            insert into customers.staff_relation (tenant_id, customer_id, staff_user_id, state, added_at,
                                removed_at) values (?, ?, ?, ?, ?, ?)""",
                            t,
                            id,
                            staff,
                            random.nextBoolean() ? pick(STATES, random) : null,
                            ago(now, random, 200),
                            random.nextInt(4) == 0 ? ago(now, random, 10) : null);
                }
            }
            for (long tag : tags) {
                if (random.nextInt(3) == 0) {
                    db.update("insert into tags.tag_assignment values (?, ?, ?, 'manual', 'test', now())", t, id, tag);
                }
            }
            for (String chat : CHATS) {
                if (random.nextInt(4) == 0) {
                    db.update("insert into audiences.group_member values (?, ?, ?, now())", t, chat, id);
                }
            }
            if (random.nextInt(3) != 0) {
                value(db, t, id, level, pick(List.of("金卡", "银卡", "普通"), random));
            }
            if (random.nextInt(3) != 0) {
                value(db, t, id, score, pick(List.of("0", "1.5", "10", "25", "99", "7", "40"), random));
            }
            if (random.nextInt(3) != 0) {
                value(db, t, id, birthday, (1980 + random.nextInt(40)) + "-0" + (1 + random.nextInt(9)) + "-15");
            }
            if (random.nextInt(5) == 0) {
                value(db, t, id, removed, "gone");
            }
            int orders = random.nextInt(4);
            for (int o = 0; o < orders; o++) {
                order(db, t, id, random, now);
            }
            for (var kind : AudienceCondition.ActivityKind.values()) {
                if (random.nextInt(4) == 0) {
                    db.update(
                            "insert into audiences.activity values (?, ?, ?, ?, ?)",
                            t,
                            id,
                            kind.code(),
                            pick(STATES, random),
                            ago(now, random, 60));
                }
            }
        }
        // A few merged-away profiles: never members.
        for (int i = 0; i < 10; i++) {
            db.update(
                    "update customers.customer set merged_into = ? where tenant_id = ? and id = ?",
                    ids.get(0),
                    t,
                    ids.get(1 + random.nextInt(ids.size() - 1)));
        }
        db.update(
                "insert into customers.number_counter values (?, ?) on conflict (tenant_id) do update"
                        + " set last_number = excluded.last_number",
                t,
                CUSTOMERS);
        return tags;
    }

    private static long field(JdbcTemplate db, long t, String key, String type, String[] choices) {
        return db.queryForObject("""
                insert into customers.field_definition (tenant_id, key, label, type, choices, created_at)
                values (?, ?, ?, ?, ?, now()) returning id""", Long.class, t, key, key, type, choices);
    }

    private static void value(JdbcTemplate db, long t, long customer, long field, String value) {
        db.update("insert into customers.field_value values (?, ?, ?, ?, now())", t, customer, field, value);
    }

    /**
     * One order of 1–2 lines as commerce and customers keep it: some unpaid, some refunded in full or in part, one
     * SKU in five with no product (so no category or role), lines of products with a category, a role, or neither.
     */
    private static void order(JdbcTemplate db, long t, long customer, Random random, Instant now) {
        List<String> skus = List.of("SKU-1", "SKU-2", "SKU-3", "SKU-free");
        db.update("""
                insert into commerce.product (tenant_id, sku, name, category, role, updated_at)
                values (?, 'SKU-1', 'a', 'snacks', 'hero', now()), (?, 'SKU-2', 'b', 'tea', null, now()),
                       (?, 'SKU-3', 'c', null, 'trial', now())
                on conflict do nothing""", t, t, t);
        long paid = 100 + random.nextInt(10_000);
        long refunded =
                switch (random.nextInt(5)) {
                    case 0 -> paid;
                    case 1 -> paid / 2;
                    default -> 0;
                };
        Timestamp paidAt = random.nextInt(6) == 0 ? null : ago(now, random, 400);
        long order = db.queryForObject(
                """
                insert into commerce.orders (tenant_id, platform, order_no, status, total_fen, paid_fen, refunded_fen,
                    created_at, paid_at, customer_id, recorded_at, updated_at, receiver_province, receiver_city)
                values (?, 'taobao', ?, 'paid', ?, ?, ?, now(), ?, ?, now(), now(), ?, ?) returning id""",
                Long.class,
                t,
                "G" + customer + "-" + random.nextLong(),
                paid,
                paid,
                refunded,
                paidAt,
                customer,
                PLACES.get(random.nextInt(PLACES.size()))[0],
                PLACES.get(random.nextInt(PLACES.size()))[1]);
        int lines = 1 + random.nextInt(2);
        for (int l = 0; l < lines; l++) {
            db.update("""
                    insert into commerce.order_line (tenant_id, order_id, line_no, sku, title, quantity, amount_fen)
                    values (?, ?, ?, ?, 'line', 1, 100)""", t, order, l, pick(skus, random));
        }
        db.update("""
                insert into customers.purchase (tenant_id, order_id, customer_id, platform, order_no, status, paid_fen,
                    refunded_fen, paid_at) values (?, ?, ?, 'taobao', ?, 'paid', ?, ?, ?)""", t, order, customer, "G" + order, paid, refunded, paidAt);
    }

    /** Receiver provinces and cities as exports spell them (a missing one now and then). */
    static final List<String[]> PLACES = List.of(
            new String[] {"浙江省", "杭州市"},
            new String[] {"浙江省", "宁波市"},
            new String[] {"上海", "上海市"},
            new String[] {"广东省", "深圳市"},
            new String[] {null, null},
            new String[] {"广东省", null});

    private static Timestamp ago(Instant now, Random random, int days) {
        return Timestamp.from(now.minus(Duration.ofMinutes(random.nextInt(days * 24 * 60 + 1))));
    }

    private static <T> T pick(List<T> values, Random random) {
        return values.get(random.nextInt(values.size()));
    }
}
