package io.moat.demo;

import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Six channel codes (渠道活码) of different kinds as WeCom contact ways, each with its {@code state}; the package
 * card's state changes with every monthly print batch (包裹卡批次), as brands do to compare batches. The
 * acquisition module's chapter can register the same codes as Moat channels once it exists.
 */
@Component
class ChannelChapter implements DemoChapter {

    private record Plan(String key, String kind, String name, String state, double share, List<String> users) {}

    private static final List<Plan> PLANS = List.of(
            new Plan(
                    "pkgcard", "package_card", "包裹卡", "pkgcard-b01", 0.42, List.of("linxiaoyu", "chenjing", "wanglei")),
            new Plan("live", "live_stream", "直播间福利码", "live-douyin", 0.16, List.of("wujie", "hefang")),
            new Plan("store", "store_qr", "旗舰店客服码", "store-tmall", 0.12, List.of("chenjing", "wanglei")),
            new Plan("poster", "poster", "新品海报码", "poster-newyear", 0.10, List.of("zhaomin", "sunhao")),
            new Plan("sms", "sms_link", "短信召回链接", "sms-recall", 0.08, List.of("zhouting")),
            new Plan("ad", "ad_landing", "信息流广告落地页", "ad-feed", 0.12, List.of("linxiaoyu", "zhouting")));

    @Override
    public String key() {
        return "channels";
    }

    @Override
    public String title() {
        return "6 channel codes: package card (monthly batches), live, store, poster, SMS, ads";
    }

    @Override
    public int order() {
        return 200;
    }

    @Override
    public void build(DemoWorld world, ChapterProgress progress) {
        for (Plan plan : PLANS) {
            var answer = world.simApi()
                    .post(
                            world.cgi("externalcontact/add_contact_way"),
                            Map.of(
                                    "type",
                                    plan.users().size() == 1 ? 1 : 2,
                                    "scene",
                                    2,
                                    "user",
                                    plan.users(),
                                    "state",
                                    plan.state(),
                                    "remark",
                                    plan.name()));
            world.channels.add(new DemoWorld.Channel(
                    plan.key(),
                    plan.kind(),
                    plan.name(),
                    answer.path("config_id").asString(),
                    plan.state(),
                    plan.share()));
            progress.done(world.channels.size() / (double) PLANS.size(), world.channels.size() + " codes");
        }
    }
}
