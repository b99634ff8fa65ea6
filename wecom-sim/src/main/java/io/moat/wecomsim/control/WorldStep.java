package io.moat.wecomsim.control;

import io.moat.wecomsim.SimClock;
import io.moat.wecomsim.commerce.OrderMaker;
import io.moat.wecomsim.contacts.ContactWay;
import io.moat.wecomsim.contacts.ExternalContact;
import io.moat.wecomsim.contacts.FollowRelation;
import io.moat.wecomsim.contacts.Staff;
import io.moat.wecomsim.contacts.VirtualNames;
import io.moat.wecomsim.groups.GroupChat;
import io.moat.wecomsim.groups.GroupMember;
import io.moat.wecomsim.http.Json;
import io.moat.wecomsim.random.RandomStream;
import io.moat.wecomsim.world.CorpState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Lets simulated time pass while the corp's virtual customers live: in one-minute slices, the number of scans,
 * group messages, deletions and orders of each slice is drawn from a Poisson distribution at the given rates, each
 * happens at a random moment within the slice, and the clock is moved to that moment first, so everything carries
 * its own time. Draws come from the corp's "world" stream, so the same seed and calls give the same world.
 */
final class WorldStep {

    static final Duration SLICE = Duration.ofMinutes(1);
    private static final List<String> PHRASES =
            List.of("有优惠吗？", "什么时候发货呀", "收到了，很好用", "还有货吗", "这个适合小孩吃吗", "好的谢谢", "链接发一下", "今天有直播吗", "已下单", "[强]");

    /** Something a virtual customer does at a moment within a slice. */
    private record Act(long offsetMillis, String kind, String configId) {}

    /** How many of each kind happened. */
    record Happened(int scans, int groupMessages, int deletes, int orders) {}

    private final CorpState corp;
    private final SimClock clock;
    private final RandomStream random;
    private int scans;
    private int groupMessages;
    private int deletes;
    private int orders;

    WorldStep(CorpState corp, SimClock clock) {
        this.corp = corp;
        this.clock = clock;
        this.random = corp.random("world");
    }

    /** Runs without holding the corp's lock while the clock moves, since moving it lets every corp catch up. */
    Happened run(Duration length, WorldRates rates) {
        Instant end = clock.now().plus(length);
        while (clock.now().isBefore(end)) {
            Instant start = clock.now();
            Duration slice = Duration.between(start, end).compareTo(SLICE) < 0 ? Duration.between(start, end) : SLICE;
            for (Act act : acts(slice, rates)) {
                moveTo(start.plusMillis(act.offsetMillis()));
                synchronized (corp) {
                    corp.catchUp();
                    perform(act);
                }
            }
            moveTo(start.plus(slice));
        }
        return new Happened(scans, groupMessages, deletes, orders);
    }

    private List<Act> acts(Duration slice, WorldRates rates) {
        double hours = slice.toMillis() / 3_600_000.0;
        List<Act> acts = new ArrayList<>();
        rates.scansPerHour().forEach((configId, rate) -> add(acts, poisson(rate * hours), "scan", configId, slice));
        add(acts, poisson(rates.groupMessagesPerHour() * hours), "say", "", slice);
        add(acts, poisson(rates.deletesPerDay() * hours / 24), "delete", "", slice);
        add(acts, poisson(rates.ordersPerDay() * hours / 24), "order", "", slice);
        acts.sort(Comparator.comparingLong(Act::offsetMillis));
        return acts;
    }

    private void add(List<Act> acts, int count, String kind, String configId, Duration slice) {
        for (int i = 0; i < count; i++) {
            acts.add(new Act((long) (random.nextDouble() * slice.toMillis()), kind, configId));
        }
    }

    private void perform(Act act) {
        switch (act.kind()) {
            case "scan" -> scan(act.configId());
            case "say" -> say();
            case "delete" -> delete();
            default -> order();
        }
    }

    /** A new WeChat user with a Chinese name and a unionid scans the contact way. */
    private void scan(String configId) {
        Optional<ContactWay> way = corp.contactWays().find(configId);
        if (way.isEmpty()) {
            return;
        }
        var spec = Json.object()
                .put("name", VirtualNames.draw(random))
                .put("unionid", "o" + random.alnum(27))
                .put("gender", 1 + random.nextInt(2));
        try {
            CustomerRoutes.scan(corp, way.get(), Optional.empty(), spec);
            scans++;
        } catch (ControlError noActiveMember) {
            // the way's members are all inactive: the scan goes nowhere, as in WeCom
        }
    }

    /** A customer (now and then the owner) says something in a group that has customers. */
    private void say() {
        List<GroupChat> chats = corp.groups().allLive().stream()
                .filter(c -> c.members().stream().anyMatch(m -> m.type() == GroupMember.EXTERNAL))
                .toList();
        if (chats.isEmpty()) {
            return;
        }
        GroupChat chat = chats.get(random.nextInt(chats.size()));
        List<String> customers = chat.members().stream()
                .filter(m -> m.type() == GroupMember.EXTERNAL)
                .map(GroupMember::userid)
                .toList();
        String from = random.nextInt(5) == 0 ? chat.owner() : customers.get(random.nextInt(customers.size()));
        List<String> to = chat.members().stream()
                .map(GroupMember::userid)
                .filter(id -> !id.equals(from))
                .toList();
        corp.archive().send(from, to, chat.chatId(), PHRASES.get(random.nextInt(PHRASES.size())), corp.now());
        groupMessages++;
    }

    /** A customer deletes one of the members who follow them. */
    private void delete() {
        List<FollowRelation> relations = new ArrayList<>();
        for (Staff staff : corp.directory().allStaff()) {
            relations.addAll(corp.customers().relationsOf(staff.userid()));
        }
        if (relations.isEmpty()) {
            return;
        }
        CustomerRoutes.customerDeletes(corp, relations.get(random.nextInt(relations.size())));
        deletes++;
    }

    /** Seven orders in ten come from customers of the corp (matched by unionid), the rest from strangers. */
    private void order() {
        List<ExternalContact> known = corp.customers().allCustomers().stream()
                .filter(c -> !c.unionid().isEmpty())
                .toList();
        boolean byCustomer = !known.isEmpty() && random.nextInt(10) < 7;
        Optional<ExternalContact> buyer =
                byCustomer ? Optional.of(known.get(random.nextInt(known.size()))) : Optional.empty();
        corp.orders().add(OrderMaker.make(random, buyer, corp.now()));
        orders++;
    }

    private void moveTo(Instant target) {
        Duration gap = Duration.between(clock.now(), target);
        if (!gap.isNegative() && !gap.isZero()) {
            clock.advance(gap);
        }
    }

    /** Knuth's method for small means, a normal approximation for large ones. */
    private int poisson(double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 30) {
            double gaussian =
                    Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian));
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int count = 0;
        while (product > limit) {
            product *= random.nextDouble();
            count++;
        }
        return count;
    }
}
