package io.moat.demo;

import io.moat.wecomsim.WecomSim;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;

/**
 * The demo world as the chapters share it: the embedded wecom-sim and how to reach it, Moat's API signed in as
 * the demo's admin, the brand's corp, staff, channel codes, customers and groups as they come into being, and the
 * seeded randomness every chapter draws from.
 */
public final class DemoWorld {

    static final String CORP_ID = "wwdemosnacks0001";
    static final long AGENT_ID = 1000002;
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    /** A staff member of the brand. */
    public record Staff(String userId, String name, int department) {}

    /** A WeCom contact way (渠道活码) and the share of new customers it brings. */
    public record Channel(String key, String kind, String name, String configId, String state, double share) {}

    /** A customer added on WeCom, with the phone staff may note in the remark. */
    public record Customer(String externalUserId, String userId, String phone, Instant addedAt, String channel) {}

    /** A customer group in WeCom. */
    public record Group(String chatId, String name, String kind, String owner) {}

    private final DemoSettings settings;
    private final WecomSim sim;
    private final JsonHttp simHttp;
    private final JsonHttp moat;
    private final Random random;
    private final String secret;
    private final String token;
    private final String aesKey;
    final List<Staff> staff = new CopyOnWriteArrayList<>();
    final List<Channel> channels = new CopyOnWriteArrayList<>();
    final List<Customer> customers = new CopyOnWriteArrayList<>();
    final List<Group> groups = new CopyOnWriteArrayList<>();
    final Map<String, Object> facts = new ConcurrentHashMap<>();
    private Instant historyStart = Instant.EPOCH;
    private String slug;

    DemoWorld(DemoSettings settings, WecomSim sim, JsonHttp moat) {
        this.settings = settings;
        this.sim = sim;
        this.simHttp = new JsonHttp(sim.baseUrl());
        this.moat = moat;
        this.random = new Random(settings.seed());
        this.slug = settings.slug();
        // The corp's credentials are the demo's own, drawn from its seed: nothing secret lives in the code.
        this.secret = "demo" + Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
        this.token = "T" + Long.toHexString(random.nextLong() & Long.MAX_VALUE);
        StringBuilder key = new StringBuilder();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        for (int i = 0; i < 43; i++) {
            key.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        this.aesKey = key.toString();
    }

    public DemoSettings settings() {
        return settings;
    }

    public WecomSim sim() {
        return sim;
    }

    /** The sim's control API and WeCom API, e.g. {@code sim().post("/sim/corps/" + corpId() + "/scan", …)}. */
    public JsonHttp simApi() {
        return simHttp;
    }

    /** Moat's REST API, signed in as the demo's admin. */
    public JsonHttp moat() {
        return moat;
    }

    /** Moat's workspace API base for the demo workspace, e.g. {@code /api/v1/workspaces/demo-snacks}. */
    public String workspacePath() {
        return "/api/v1/workspaces/" + slug;
    }

    public String slug() {
        return slug;
    }

    public Random random() {
        return random;
    }

    public String corpId() {
        return CORP_ID;
    }

    String secret() {
        return secret;
    }

    String callbackToken() {
        return token;
    }

    String aesKey() {
        return aesKey;
    }

    /** The sim's WeCom API path with a fresh-enough access token. */
    public String cgi(String path) {
        JsonNode token = simHttp.get("/cgi-bin/gettoken?corpid=" + CORP_ID + "&corpsecret=" + secret);
        return "/cgi-bin/" + path + (path.contains("?") ? "&" : "?") + "access_token="
                + token.path("access_token").asString();
    }

    public Instant historyStart() {
        return historyStart;
    }

    void historyStart(Instant start) {
        this.historyStart = start;
    }

    /** The simulated now: the sim's clock, which follows wall time once the history has been built. */
    public Instant now() {
        return sim.clock().instant();
    }

    public List<Customer> customers() {
        return customers;
    }

    public List<Staff> staff() {
        return staff;
    }

    public List<Channel> channels() {
        return channels;
    }

    public List<Group> groups() {
        return groups;
    }

    /** A random element. */
    public <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    static String days(Duration duration) {
        return duration.toDays() + " days";
    }

    static List<String> userIds(List<Staff> staff) {
        List<String> ids = new ArrayList<>();
        staff.forEach(s -> ids.add(s.userId()));
        return ids;
    }
}
