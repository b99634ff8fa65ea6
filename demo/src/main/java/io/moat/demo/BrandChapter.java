package io.moat.demo;

import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * 小林零食 (Xiaolin Snacks), a fictional snack brand selling on Taobao, JD and Douyin: its workspace in Moat and its
 * WeCom corp in the simulator with three departments and eight staff.
 */
@Component
class BrandChapter implements DemoChapter {

    private static final List<DemoWorld.Staff> STAFF = List.of(
            new DemoWorld.Staff("linxiaoyu", "林小雨", 2),
            new DemoWorld.Staff("chenjing", "陈静", 2),
            new DemoWorld.Staff("wanglei", "王磊", 2),
            new DemoWorld.Staff("zhaomin", "赵敏", 3),
            new DemoWorld.Staff("sunhao", "孙浩", 3),
            new DemoWorld.Staff("zhouting", "周婷", 3),
            new DemoWorld.Staff("wujie", "吴杰", 4),
            new DemoWorld.Staff("hefang", "何芳", 4));

    @Override
    public String key() {
        return "brand";
    }

    @Override
    public String title() {
        return "workspace 小林零食, its WeCom corp and 8 staff";
    }

    @Override
    public int order() {
        return 100;
    }

    @Override
    public void build(DemoWorld world, ChapterProgress progress) {
        world.moat()
                .post(
                        "/api/v1/workspaces",
                        Map.of(
                                "slug",
                                world.slug(),
                                "name",
                                "小林零食 Demo",
                                "timezone",
                                DemoWorld.ZONE.getId(),
                                "currency",
                                "CNY"));
        progress.done(0.3, "workspace " + world.slug());
        // No callback URL yet: the brand used WeCom for half a year before it connected Moat.
        world.simApi()
                .post(
                        "/sim/corps",
                        Map.of("corpId", world.corpId(), "agentId", DemoWorld.AGENT_ID, "secret", world.secret()));
        String corp = "/sim/corps/" + world.corpId();
        world.simApi().post(corp + "/departments", Map.of("id", 2, "name", "客服部"));
        world.simApi().post(corp + "/departments", Map.of("id", 3, "name", "社群运营部"));
        world.simApi().post(corp + "/departments", Map.of("id", 4, "name", "直播电商部"));
        int n = 0;
        for (DemoWorld.Staff staff : STAFF) {
            world.simApi()
                    .post(
                            corp + "/staff",
                            Map.of(
                                    "userid",
                                    staff.userId(),
                                    "name",
                                    staff.name(),
                                    "departmentIds",
                                    List.of(staff.department()),
                                    "mobile",
                                    "1380000" + String.format("%04d", ++n)));
            world.staff.add(staff);
        }
        progress.done(1, STAFF.size() + " staff in 3 departments");
    }
}
