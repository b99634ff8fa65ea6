package io.moat.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Half a year of WeCom life in the simulator, before Moat was connected: virtual customers scan the channel codes
 * (growing month by month, the package card leading), some delete their staff member again, thirty groups form and
 * fill, and the last week has group chat. The sim's world step draws every act at its own moment, so createtimes
 * and message times spread over the 180 days. Staff note the phone of most customers in the remark (备注手机号), the
 * one thing that lets marketplace orders find their fan later.
 */
@Component
class HistoryChapter implements DemoChapter {

    private static final String HISTORY_CUSTOMERS = "historyCustomers";

    /** Growth: the share of the half year's adds in each 30-day month. */
    private static final double[] MONTHS = {0.10, 0.13, 0.15, 0.17, 0.20, 0.25};

    private static final List<String[]> GROUPS = groupPlan();
    private static final String[] LINES = {
        "今天的辣条到了吗？",
        "坚果礼盒还有货吗",
        "求链接！",
        "上次买的芒果干很好吃",
        "有没有无糖的零食",
        "这周有秒杀吗",
        "已下单，期待",
        "孩子很喜欢这个海苔",
        "什么时候发货呀",
        "好评！",
        "能开发票吗",
        "群主发个券呗"
    };

    @Override
    public String key() {
        return "history";
    }

    @Override
    public String title() {
        return "180 days of scans, adds and deletions in WeCom; 30 groups; a week of group chat";
    }

    @Override
    public int order() {
        return 300;
    }

    @Override
    public int weight() {
        return 4;
    }

    @Override
    public void build(DemoWorld world, ChapterProgress progress) {
        String corp = "/sim/corps/" + world.corpId();
        int target = world.settings().scaled(50_000, 80);
        DemoWorld.Channel pkgcard = world.channels().stream()
                .filter(c -> c.key().equals("pkgcard"))
                .findFirst()
                .orElseThrow();
        Set<String> known = new HashSet<>();
        Duration month = Duration.ofDays(30);
        for (int m = 0; m < MONTHS.length; m++) {
            if (m > 0) {
                // A new print batch of package cards: the code stays, its state names the batch.
                world.simApi()
                        .post(
                                world.cgi("externalcontact/update_contact_way"),
                                Map.of("config_id", pkgcard.configId(), "state", "pkgcard-b0" + (m + 1)));
            }
            double perHour = target * MONTHS[m] / (30 * 24.0);
            Map<String, Double> scans = new LinkedHashMap<>();
            world.channels().forEach(c -> scans.put(c.configId(), perHour * c.share()));
            double deletesPerDay = perHour * 24 * 0.04;
            boolean lastMonth = m == MONTHS.length - 1;
            Duration quiet = lastMonth ? month.minusDays(7) : month;
            step(world, quiet, scans, deletesPerDay, 0);
            List<String> fresh = newCustomers(world, known);
            if (m == 0) {
                createGroups(world, fresh);
            } else {
                joinGroups(world, fresh);
            }
            if (lastMonth) {
                // the last week: groups talk (about 20 messages a group a day at full scale)
                double chat = Math.max(
                                2, world.groups().size() * 20 * world.settings().scale())
                        / 24.0;
                step(world, Duration.ofDays(7), scans, deletesPerDay, chat);
                joinGroups(world, newCustomers(world, known));
            }
            progress.done(0.8 * (m + 1) / MONTHS.length, "month " + (m + 1) + ": " + known.size() + " customers");
        }
        collectRelations(world, corp, progress);
        world.facts.put(HISTORY_CUSTOMERS, world.customers().size());
    }

    /** The customers of the half year, the first ones of {@link DemoWorld#customers()} (later chapters add more). */
    static List<DemoWorld.Customer> customers(DemoWorld world) {
        int count = (Integer)
                world.facts.getOrDefault(HISTORY_CUSTOMERS, world.customers().size());
        return world.customers().subList(0, Math.min(count, world.customers().size()));
    }

    private static void step(
            DemoWorld world, Duration span, Map<String, Double> scans, double deletesPerDay, double chatPerHour) {
        Map<String, Object> rates = new HashMap<>();
        rates.put("scansPerHour", scans);
        rates.put("deletesPerDay", deletesPerDay);
        rates.put("groupMessagesPerHour", chatPerHour);
        rates.put("ordersPerDay", 0);
        world.simApi()
                .post(
                        "/sim/corps/" + world.corpId() + "/world/step",
                        Map.of("seconds", span.toSeconds(), "rates", rates));
    }

    /** The customers the staff have now and had not before (externalcontact/list per member). */
    private static List<String> newCustomers(DemoWorld world, Set<String> known) {
        List<String> fresh = new ArrayList<>();
        for (DemoWorld.Staff staff : world.staff()) {
            JsonNode answer;
            try {
                answer = world.simApi().get(world.cgi("externalcontact/list?userid=" + staff.userId()));
            } catch (DemoFailure e) {
                continue; // 84061: this member has no customers (yet)
            }
            for (JsonNode id : answer.path("external_userid")) {
                if (known.add(id.asString())) {
                    fresh.add(id.asString());
                }
            }
        }
        return fresh;
    }

    private static void createGroups(DemoWorld world, List<String> customers) {
        String corp = "/sim/corps/" + world.corpId();
        int perGroup = Math.max(2, Math.min(40, customers.size() / GROUPS.size()));
        int next = 0;
        for (String[] plan : GROUPS) {
            List<String> members = new ArrayList<>();
            for (int i = 0; i < perGroup && !customers.isEmpty(); i++) {
                members.add(customers.get(next++ % customers.size()));
            }
            var answer = world.simApi()
                    .post(
                            corp + "/groups",
                            Map.of(
                                    "owner",
                                    plan[2],
                                    "name",
                                    plan[0],
                                    "memberExternalUserIds",
                                    members,
                                    "memberUserIds",
                                    List.of()));
            world.groups.add(new DemoWorld.Group(answer.path("chatId").asString(), plan[0], plan[1], plan[2]));
        }
    }

    /** About a third of new customers join a group: fan and regional groups take most, VIP the fewest. */
    private static void joinGroups(DemoWorld world, List<String> customers) {
        String corp = "/sim/corps/" + world.corpId();
        Map<String, List<String>> joins = new HashMap<>();
        for (String customer : customers) {
            if (world.random().nextInt(3) != 0) {
                continue;
            }
            DemoWorld.Group group = world.pick(world.groups());
            if (group.kind().equals("vip") && world.random().nextInt(3) != 0) {
                group = world.groups().getFirst();
            }
            joins.computeIfAbsent(group.chatId(), k -> new ArrayList<>()).add(customer);
        }
        for (var join : joins.entrySet()) {
            List<String> ids = join.getValue();
            for (int from = 0; from < ids.size(); from += 200) {
                world.simApi()
                        .post(
                                corp + "/groups/" + join.getKey() + "/join",
                                Map.of(
                                        "externalUserIds",
                                        ids.subList(from, Math.min(ids.size(), from + 200)),
                                        "joinScene",
                                        3));
            }
        }
    }

    /**
     * Every live relation with its createtime and state (batch/get_by_user, 100 a page), and the phone most
     * customers gave their staff member, noted as a remark mobile (edit-customer in the client).
     */
    private static void collectRelations(DemoWorld world, String corp, ChapterProgress progress) {
        Map<String, DemoWorld.Channel> byState = new HashMap<>();
        world.channels().forEach(c -> byState.put(c.state(), c));
        String cursor = "";
        List<String> userIds = DemoWorld.userIds(world.staff());
        Set<String> seen = new HashSet<>();
        do {
            JsonNode page = world.simApi()
                    .post(
                            world.cgi("externalcontact/batch/get_by_user"),
                            Map.of("userid_list", userIds, "cursor", cursor, "limit", 100));
            for (JsonNode entry : page.path("external_contact_list")) {
                String id =
                        entry.path("external_contact").path("external_userid").asString();
                JsonNode follow = entry.path("follow_info");
                String state = follow.path("state").asString("");
                String channel = state.startsWith("pkgcard")
                        ? "pkgcard"
                        : byState.containsKey(state) ? byState.get(state).key() : "other";
                if (seen.add(id)) {
                    world.customers.add(new DemoWorld.Customer(
                            id,
                            follow.path("userid").asString(),
                            phone(world),
                            Instant.ofEpochSecond(follow.path("createtime").asLong()),
                            channel));
                }
            }
            cursor = page.path("next_cursor").asString("");
        } while (!cursor.isEmpty());
        progress.done(0.85, world.customers().size() + " live customers");
        // Who notes a phone is drawn here, in order (the same seed gives the same world); the edits themselves are
        // independent calls to the sim and go out four at a time.
        int noted = 0;
        int n = 0;
        try (var edits = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            List<java.util.concurrent.Future<?>> pending = new ArrayList<>();
            for (DemoWorld.Customer customer : world.customers()) {
                n++;
                if (world.random().nextInt(10) < 7) {
                    pending.add(edits.submit(() -> world.simApi()
                            .post(
                                    corp + "/staff/" + customer.userId() + "/edit-customer",
                                    Map.of(
                                            "externalUserId",
                                            customer.externalUserId(),
                                            "remarkMobiles",
                                            List.of(customer.phone())))));
                    noted++;
                }
                if (n % 2000 == 0) {
                    awaitAll(pending);
                    progress.done(0.85 + 0.15 * n / world.customers().size(), noted + " phones noted");
                }
            }
            awaitAll(pending);
        }
        world.facts.put("phonesNoted", noted);
        progress.done(
                1,
                world.customers().size() + " live customers, " + world.groups().size() + " groups, " + noted
                        + " phones noted");
    }

    private static void awaitAll(List<java.util.concurrent.Future<?>> pending) {
        try {
            for (var edit : pending) {
                edit.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoFailure("interrupted while noting phones");
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r
                    ? r
                    : new DemoFailure(e.getCause().toString());
        }
        pending.clear();
    }

    static String phone(DemoWorld world) {
        StringBuilder phone =
                new StringBuilder("1").append("35789".charAt(world.random().nextInt(5)));
        for (int i = 0; i < 9; i++) {
            phone.append(world.random().nextInt(10));
        }
        return phone.toString();
    }

    @Override
    public void tick(DemoWorld world) {
        String corp = "/sim/corps/" + world.corpId();
        // a few scans a tick, mostly the package card: each is a real add_external_contact callback to Moat
        int scans = 1 + world.random().nextInt(3);
        for (int i = 0; i < scans; i++) {
            DemoWorld.Channel channel = channelByShare(world);
            var answer = world.simApi()
                    .post(
                            corp + "/scan",
                            Map.of("configId", channel.configId(), "customer", Map.of("name", name(world))));
            world.customers.add(new DemoWorld.Customer(
                    answer.path("externalUserId").asString(),
                    answer.path("userId").asString(),
                    phone(world),
                    world.now(),
                    channel.key()));
        }
        List<DemoWorld.Customer> customers = world.customers();
        if (world.random().nextInt(8) == 0 && customers.size() > 10) {
            DemoWorld.Customer leaving = customers.get(world.random().nextInt(customers.size()));
            try {
                world.simApi()
                        .post(
                                corp + "/customers/" + leaving.externalUserId() + "/delete-staff",
                                Map.of("userid", leaving.userId()));
            } catch (DemoFailure e) {
                // already gone
            }
        }
        if (!world.groups().isEmpty()) {
            DemoWorld.Group group = world.pick(world.groups());
            try {
                world.simApi()
                        .post(
                                corp + "/groups/" + group.chatId() + "/say",
                                Map.of(
                                        "from",
                                        group.owner(),
                                        "content",
                                        LINES[world.random().nextInt(LINES.length)]));
            } catch (DemoFailure e) {
                // the group was dismissed
            }
        }
    }

    private static DemoWorld.Channel channelByShare(DemoWorld world) {
        double roll = world.random().nextDouble();
        for (DemoWorld.Channel channel : world.channels()) {
            roll -= channel.share();
            if (roll <= 0) {
                return channel;
            }
        }
        return world.channels().getFirst();
    }

    private static final String[] SURNAMES = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙"};
    private static final String[] GIVEN = {"小雨", "佳怡", "子涵", "浩然", "欣怡", "梓萱", "宇轩", "思琪", "俊杰", "雨桐", "一诺", "晨曦"};

    static String name(DemoWorld world) {
        return SURNAMES[world.random().nextInt(SURNAMES.length)]
                + GIVEN[world.random().nextInt(GIVEN.length)];
    }

    private static List<String[]> groupPlan() {
        List<String[]> plan = new ArrayList<>();
        String[] community = {"zhaomin", "sunhao", "zhouting"};
        for (int i = 1; i <= 12; i++) {
            plan.add(new String[] {"小林零食福利" + i + "群", "fan", community[i % 3]});
        }
        for (int i = 1; i <= 6; i++) {
            plan.add(new String[] {"小林VIP会员" + i + "群", "vip", community[i % 3]});
        }
        for (int i = 1; i <= 4; i++) {
            plan.add(new String[] {"新品试吃团" + i + "群", "trial", community[i % 3]});
        }
        for (String city : new String[] {"杭州", "上海", "北京", "成都", "武汉"}) {
            plan.add(new String[] {"小林零食·" + city + "同城群", "regional", community[city.length() % 3]});
        }
        for (int i = 1; i <= 3; i++) {
            plan.add(new String[] {"直播秒杀" + i + "群", "flash_sale", i % 2 == 0 ? "wujie" : "hefang"});
        }
        return plan;
    }
}
