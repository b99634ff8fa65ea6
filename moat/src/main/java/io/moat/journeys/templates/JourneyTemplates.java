package io.moat.journeys.templates;

import java.util.List;
import java.util.Optional;

/**
 * The ready-made journeys of the operators' playbook (domain.md §4), as definitions in their JSON form that an
 * operator copies into a journey and then adjusts: message texts, times, tags. Waits that end in a send are
 * followed by a time of day inside working hours, so a step that falls due at night still goes out by day.
 */
public final class JourneyTemplates {

    /** A template: {@code key} names it in the console's messages, {@code definition} is the JSON form. */
    public record Template(String key, String name, String description, String definition) {}

    private JourneyTemplates() {}

    public static List<Template> all() {
        return List.of(NEW_FAN, NEW_BUYER, DORMANT, OLD_CUSTOMER, HIGH_TICKET);
    }

    public static Optional<Template> byKey(String key) {
        return all().stream().filter(t -> t.key().equals(key)).findFirst();
    }

    static final Template NEW_FAN = new Template("new-fan", "新粉培育", "T+0 欢迎与信任内容；第 1 周首单优惠（新客团购）；第 2 周激活（种草、抽奖）。", """
            {"trigger":{"type":"customerAdded","channels":[]},
             "entry":{"type":"once"},
             "exitOn":[],
             "steps":[
              {"id":"welcome","type":"sendMessage","text":"欢迎加入！这里是品牌官方服务号，新品、福利和售后都可以直接找我。先送上一份选购指南，看看大家最爱的几款。"},
              {"id":"week1-wait","type":"wait","days":6},
              {"id":"week1-time","type":"waitUntil","time":"10:00"},
              {"id":"first-order","type":"sendMessage","text":"新人专享：首单新客团购价，本周内有效，回复「团购」即可参与。"},
              {"id":"week2-wait","type":"wait","days":7},
              {"id":"week2-time","type":"waitUntil","time":"10:00"},
              {"id":"activation","type":"sendMessage","text":"本周种草：3 款回购率最高的单品，评论区晒单即可参与抽奖。"}
             ]}
            """);

    static final Template NEW_BUYER =
            new Template("new-buyer", "新客转复购", "24 小时内致谢并推荐相关商品；T+1 邀请进 VIP 群；T+7 一对一推荐；T+21 未复购则发复购券与倒计时。", """
            {"trigger":{"type":"orderPaid","skus":[],"categories":[]},
             "entry":{"type":"oncePer","days":30},
             "exitOn":[],
             "steps":[
              {"id":"thanks","type":"sendMessage","text":"感谢您的购买！收到后有任何问题随时找我，这几款搭配使用效果更好。"},
              {"id":"t1-wait","type":"wait","days":1},
              {"id":"vip-invite","type":"sendMessage","text":"邀请您加入会员 VIP 群：专属价、新品试用和每周福利日都在群里。"},
              {"id":"t7-wait","type":"wait","days":6},
              {"id":"recommend","type":"sendMessage","text":"根据您上次购买的商品，为您挑了几款合适的搭配，需要的话我帮您下单。"},
              {"id":"rebuy","type":"waitForEvent","event":"orderPaid","days":14,
               "onEvent":[],
               "onTimeout":[
                 {"id":"coupon-time","type":"waitUntil","time":"10:00"},
                 {"id":"coupon","type":"sendMessage","text":"您的专属复购券已到账，3 天后过期，别错过哦。"}]}
             ]}
            """);

    static final Template DORMANT = new Template("dormant-30", "沉睡唤醒", "30 天无购买无互动的客户，在周末上午收到带个人优惠券的唤醒消息；下单即结束。", """
            {"trigger":{"type":"dormant","days":30},
             "entry":{"type":"oncePer","days":30},
             "exitOn":["orderPaid"],
             "steps":[
              {"id":"weekend","type":"waitUntil","time":"10:30","days":["SAT","SUN"]},
              {"id":"wake-up","type":"sendMessage","text":"好久不见！为您准备了一张专属优惠券，本周末有效。"},
              {"id":"follow-up","type":"waitForEvent","event":"orderPaid","days":7,
               "onEvent":[],
               "onTimeout":[{"id":"call","type":"createTask","kind":"call","title":"沉睡客户回访：了解需求","dueHours":48}]}
             ]}
            """);

    static final Template OLD_CUSTOMER = new Template("old-customer", "老客关怀", "下单 30 天后进入福利日与新品通知，并由员工做一次需求咨询。", """
            {"trigger":{"type":"orderPaid","skus":[],"categories":[]},
             "entry":{"type":"oncePer","days":60},
             "exitOn":[],
             "steps":[
              {"id":"t30-wait","type":"wait","days":30},
              {"id":"welfare-time","type":"waitUntil","time":"10:00","days":["WED"]},
              {"id":"welfare-day","type":"sendMessage","text":"今天是会员福利日：老客专享价和积分翻倍，点我查看。"},
              {"id":"new-wait","type":"wait","days":7},
              {"id":"new-products","type":"sendMessage","text":"新品上架，老客优先试用，名额有限。"},
              {"id":"consult","type":"createTask","kind":"call","title":"老客需求咨询","dueHours":72}
             ]}
            """);

    static final Template HIGH_TICKET =
            new Template("high-ticket-care", "高客单关怀", "累计消费 ≥ 2000 元的客户只做一对一：员工关怀任务、30 天后再次回访，不发群发优惠。", """
            {"trigger":{"type":"orderPaid","skus":[],"categories":[]},
             "entry":{"type":"oncePer","days":90},
             "exitOn":[],
             "steps":[
              {"id":"high-ticket","type":"branch","condition":{"v":1,"spend":{"minFen":200000}},
               "yes":[
                 {"id":"care","type":"createTask","kind":"care","title":"高客单关怀：致电感谢并记录偏好","dueHours":24},
                 {"id":"t30","type":"wait","days":30},
                 {"id":"visit","type":"createTask","kind":"visit","title":"高客单回访：使用体验与新品推荐","dueHours":72}],
               "no":[{"id":"not-high","type":"exit"}]}
             ]}
            """);
}
