package io.moat.demo;

import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The brand connects Moat to its WeCom, as an operator would in the console: the corp configuration (pointing at
 * the simulator), the callback URL (WeCom's handshake against Moat's encrypted endpoint), the message-archive feed,
 * then the first full sync, which brings the half year of customers, relations and groups in. From here on every
 * scan, deletion and group change reaches Moat as an encrypted callback.
 */
@Component
class ConnectChapter implements DemoChapter {

    @Override
    public String key() {
        return "connect";
    }

    @Override
    public String title() {
        return "Moat connected to WeCom (callbacks, archive feed) and the first full sync";
    }

    @Override
    public int order() {
        return 400;
    }

    @Override
    public int weight() {
        return 4;
    }

    @Override
    public void build(DemoWorld world, ChapterProgress progress) throws InterruptedException {
        String simBase = world.sim().baseUrl();
        Map<String, Object> config = new HashMap<>();
        config.put("corpId", world.corpId());
        config.put("agentId", DemoWorld.AGENT_ID);
        config.put("secret", world.secret());
        config.put("token", world.callbackToken());
        config.put("encodingAesKey", world.aesKey());
        config.put("apiBaseUrl", simBase);
        config.put("archiveFeedUrl", simBase + "/sim/corps/" + world.corpId() + "/msgaudit");
        world.moat().put(world.workspacePath() + "/wecom/config", config);
        var check = world.moat().post(world.workspacePath() + "/wecom/config/test", Map.of());
        if (!check.path("ok").asBoolean()) {
            throw new DemoFailure("Moat could not reach the simulated WeCom: "
                    + check.path("detail").asString());
        }
        var verified = world.simApi()
                .put(
                        "/sim/corps/" + world.corpId() + "/callback",
                        Map.of(
                                "callbackUrl",
                                world.moat().base() + "/wecom/callback/" + world.slug(),
                                "token",
                                world.callbackToken(),
                                "encodingAesKey",
                                world.aesKey()));
        if (!verified.path("verified").asBoolean()) {
            throw new DemoFailure("WeCom's callback handshake with Moat failed: "
                    + verified.path("detail").asString());
        }
        progress.done(0.05, "callbacks verified");
        long run = world.moat()
                .post(world.workspacePath() + "/wecom/sync", Map.of())
                .path("id")
                .asLong();
        int expected = Math.max(1, world.customers().size());
        while (true) {
            JsonNode runs =
                    world.moat().get(world.workspacePath() + "/wecom/sync").path("runs");
            JsonNode current = null;
            for (JsonNode r : runs) {
                if (r.path("id").asLong() == run) {
                    current = r;
                }
            }
            if (current != null) {
                long customers = current.path("counts").path("customers").asLong(0);
                String status = current.path("status").asString();
                progress.done(
                        0.05 + 0.95 * Math.min(1, customers / (double) expected),
                        customers + " customers synced, phase "
                                + current.path("phase").asString());
                if (!status.equals("running")) {
                    if (current.hasNonNull("error")) {
                        throw new DemoFailure(
                                "the full sync failed: " + current.path("error").asString());
                    }
                    progress.done(1, "synced " + current.path("counts"));
                    return;
                }
            }
            Thread.sleep(500);
        }
    }
}
