package io.moat.demo;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The brand moves its channel codes into Moat: six Moat channels of different kinds (package card, live stream,
 * store counter, official account, SMS, mini program), each with its staff rotation, welcome message, benefit and
 * cost, the package card with its print batches; then new customers arrive the way a real one does — they open
 * the code's page ({@code /c/{code}}, which decides the staff member), some scan the contact way it shows (an
 * encrypted add callback from WeCom to Moat), and Moat's welcome goes out within WeCom's 20 s window. The
 * keep-alive pace sends more visitors through the same path.
 */
@Component
class AcquisitionChapter implements DemoChapter {

    private record Plan(
            String name,
            String kind,
            Map<String, String> fields,
            List<String> staff,
            long costFen,
            double share,
            double scanRate,
            String welcome) {}

    private static final List<Plan> PLANS = List.of(
            new Plan(
                    "包裹卡·天猫旗舰店",
                    "package_card",
                    Map.of("shop", "天猫旗舰店"),
                    List.of("linxiaoyu", "chenjing", "wanglei"),
                    1_200_000,
                    0.40,
                    0.8,
                    "你好{nickname}，我是小林零食的{staff}～包裹里的福利卡已收到啦，回购礼请点下方链接领取"),
            new Plan(
                    "抖音直播间福利码",
                    "channels_live",
                    Map.of("account", "小林零食官方", "placement", "直播间口播"),
                    List.of("wujie", "hefang"),
                    800_000,
                    0.18,
                    0.6,
                    "欢迎来自直播间的{nickname}！直播专享价和秒杀提醒都会第一时间告诉你"),
            new Plan(
                    "杭州门店收银台",
                    "offline",
                    Map.of("location", "杭州湖滨银泰店"),
                    List.of("chenjing"),
                    50_000,
                    0.12,
                    0.9,
                    "谢谢光临门店～我是{staff}，到店自提和新品试吃都可以找我"),
            new Plan(
                    "公众号菜单·会员福利",
                    "official_account",
                    Map.of("account", "小林零食", "placement", "底部菜单"),
                    List.of("zhaomin", "sunhao"),
                    0,
                    0.12,
                    0.7,
                    "{nickname}你好，会员福利日每周三上新，记得来群里看看"),
            new Plan(
                    "短信召回·老客",
                    "sms",
                    Map.of("audience", "90天未购老客"),
                    List.of("zhouting"),
                    300_000,
                    0.08,
                    0.4,
                    "好久不见！老客专享回归券已备好，点链接领取"),
            new Plan(
                    "小程序下单页",
                    "mini_program",
                    Map.of("appId", "wx5d8e9f0a1b2c3d4e", "placement", "支付完成页"),
                    List.of("linxiaoyu", "zhouting"),
                    200_000,
                    0.10,
                    0.7,
                    "感谢下单～加我为好友，售后、物流和新品都能直接问我"));

    /** A Moat channel code made by this chapter. */
    record MoatChannel(long id, String code, String name, String kind, double share, double scanRate) {}

    /**
     * Add callbacks the chapter lets wait in Moat's inbox before it sends the next visitors: one page of the inbox
     * (Moat applies up to 25 events per transaction), a second or two of work, well inside the welcome code's 20 s.
     */
    private static final int INBOX_BACKLOG = 25;

    private final List<MoatChannel> made = new ArrayList<>();

    @Override
    public String key() {
        return "acquisition";
    }

    @Override
    public String title() {
        return "6 Moat channel codes of different kinds, package-card batches, visits and adds through /c/{code}";
    }

    @Override
    public int order() {
        return 600;
    }

    @Override
    public int weight() {
        return 2;
    }

    @Override
    public void build(DemoWorld world, ChapterProgress progress) {
        String base = world.workspacePath();
        for (Plan plan : PLANS) {
            List<Map<String, Object>> staff = new ArrayList<>();
            plan.staff().forEach(s -> staff.add(Map.of("staffUserId", s, "weight", 1)));
            Map<String, Object> welcome = new HashMap<>();
            welcome.put("text", plan.welcome());
            welcome.put("benefit", Map.of("title", "领取回购礼", "description", "5 元无门槛券，30 天内有效"));
            JsonNode channel = world.moat()
                    .post(
                            base + "/channels",
                            Map.of(
                                    "name",
                                    plan.name(),
                                    "kind",
                                    plan.kind(),
                                    "kindFields",
                                    plan.fields(),
                                    "rotation",
                                    "round_robin",
                                    "staff",
                                    staff,
                                    "welcome",
                                    welcome,
                                    "costFen",
                                    plan.costFen()));
            made.add(new MoatChannel(
                    channel.path("id").asLong(),
                    channel.path("code").asString(),
                    plan.name(),
                    plan.kind(),
                    plan.share(),
                    plan.scanRate()));
        }
        progress.done(0.1, made.size() + " channel codes");
        // The package card goes out in monthly print runs; the current one is still being shipped.
        MoatChannel card = made.getFirst();
        LocalDate today = LocalDate.ofInstant(world.now(), DemoWorld.ZONE);
        int parcels = world.settings().scaled(30_000, 300);
        for (int b = 2; b >= 0; b--) {
            LocalDate starts = today.minusDays(30L * b + 29);
            world.moat()
                    .post(
                            base + "/channel-batches",
                            Map.of(
                                    "channelId",
                                    card.id(),
                                    "name",
                                    "包裹卡 " + starts.getMonthValue() + " 月批次",
                                    "parcels",
                                    parcels,
                                    "cardCostFen",
                                    parcels * 15L,
                                    "benefitCostFen",
                                    parcels * 20L,
                                    "startsOn",
                                    starts.toString(),
                                    "endsOn",
                                    starts.plusDays(29).toString()));
        }
        progress.done(0.2, made.size() + " channel codes, 3 package-card batches");
        int visitors = world.settings().scaled(2_000, 40);
        int added = 0;
        for (int i = 0; i < visitors; i++) {
            if (arrive(world, byShare(world))) {
                added++;
            }
            if (i % 20 == 19) {
                keepPace(world);
            }
            if (i % 20 == 19) {
                progress.done(0.2 + 0.8 * (i + 1) / visitors, (i + 1) + " visits, " + added + " adds");
            }
        }
        world.facts.put("channelVisits", visitors);
        progress.done(1, made.size() + " channel codes, 3 batches, " + visitors + " visits, " + added + " adds");
    }

    /**
     * Visitors come no faster than Moat takes their adds in: WeCom's welcome code is valid for 20 s, so a backlog of
     * add callbacks in Moat's inbox would let welcomes expire (41050) — a real brand's scans trickle in, they do not
     * arrive two thousand in half a minute. The chapter waits while more than a few seconds' worth is queued.
     */
    private static void keepPace(DemoWorld world) {
        for (int waited = 0; waited < 600; waited++) {
            long pending = world.moat()
                    .get(world.workspacePath() + "/wecom/sync")
                    .path("inbox")
                    .path("pending")
                    .asLong(0);
            if (pending <= INBOX_BACKLOG) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DemoFailure("interrupted while waiting for Moat's inbox");
            }
        }
    }

    @Override
    public void tick(DemoWorld world) {
        if (made.isEmpty()) {
            return;
        }
        if (world.random().nextInt(2) == 0) {
            arrive(world, byShare(world));
        }
    }

    /**
     * One visitor opens the code's page: Moat decides the staff member and shows their contact way; with the code's
     * scan rate the visitor scans it and WeCom adds them (the sim pushes the encrypted add callback to Moat).
     */
    private static boolean arrive(DemoWorld world, MoatChannel channel) {
        JsonNode shown = world.moat().post("/api/v1/public/channels/" + channel.code() + "/visits", Map.of());
        String configId = shown.path("configId").asString("");
        if (configId.isEmpty() || world.random().nextDouble() >= channel.scanRate()) {
            return false;
        }
        JsonNode scanned = world.simApi()
                .post(
                        "/sim/corps/" + world.corpId() + "/scan",
                        Map.of("configId", configId, "customer", Map.of("name", HistoryChapter.name(world))));
        world.customers.add(new DemoWorld.Customer(
                scanned.path("externalUserId").asString(),
                scanned.path("userId").asString(),
                HistoryChapter.phone(world),
                world.now(),
                channel.kind()));
        return true;
    }

    private MoatChannel byShare(DemoWorld world) {
        double roll = world.random().nextDouble();
        for (MoatChannel channel : made) {
            roll -= channel.share();
            if (roll <= 0) {
                return channel;
            }
        }
        return made.getFirst();
    }
}
