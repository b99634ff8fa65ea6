package io.moat.wecom;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.Api;
import io.moat.MoatTest;
import io.moat.RecordedEvents;
import io.moat.shared.TenantId;
import io.moat.wecom.callback.CallbackCipher;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The callback endpoint against hand-made, correctly encrypted WeCom pushes: URL verification, storage once,
 * duplicates and replays without effect, and a clear 4xx for everything forged or malformed.
 */
@MoatTest
class CallbackEndpointTests {

    static final String CORP = "wwcallbacktest0001";
    static final String TOKEN = "CallbackToken123";
    static final String AES_KEY = "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt";

    @LocalServerPort
    int port;

    @Autowired
    RecordedEvents events;

    @Autowired
    @Qualifier("ownerDataSource")
    DataSource owner;

    final HttpClient http = HttpClient.newHttpClient();
    final CallbackCipher cipher = new CallbackCipher(TOKEN, AES_KEY, CORP);
    final SecureRandom random = new SecureRandom();
    String slug;
    long tenant;

    @BeforeEach
    void workspaceWithWecom() {
        Api api = new Api(port);
        String admin = api.admin();
        slug = api.newWorkspace(admin);
        var saved = api.call(
                HttpMethod.PUT,
                "/api/v1/workspaces/" + slug + "/wecom/config",
                admin,
                Map.of(
                        "corpId",
                        CORP,
                        "agentId",
                        1000002,
                        "secret",
                        "s3cret",
                        "token",
                        TOKEN,
                        "encodingAesKey",
                        AES_KEY,
                        "apiBaseUrl",
                        "http://127.0.0.1:9"));
        assertThat(saved.status()).isEqualTo(200);
        assertThat(saved.body().toString()).doesNotContain("s3cret").doesNotContain(AES_KEY);
        assertThat(saved.text("callbackUrl")).endsWith("/wecom/callback/" + slug);
        tenant = new JdbcTemplate(owner)
                .queryForObject("select tenant_id from workspace.workspace where slug = ?", Long.class, slug);
    }

    @Test
    void answersUrlVerificationWithThePlainEchoString() throws Exception {
        String ts = now();
        String echo = cipher.encrypt("echo-12345", new byte[16]);
        String query = "msg_signature=" + cipher.signature(ts, "n1", echo) + "&timestamp=" + ts + "&nonce=n1&echostr="
                + URLEncoder.encode(echo, StandardCharsets.UTF_8);

        var answer =
                http.send(HttpRequest.newBuilder(callback(query)).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("echo-12345");
    }

    @Test
    void storesAnEventOnceAndIgnoresDuplicatesAndReplays() throws Exception {
        String customer = newCustomerId();
        String event = xml(
                Instant.now().getEpochSecond(),
                "add_external_contact",
                Map.of(
                        "UserID",
                        "zhangsan",
                        "ExternalUserID",
                        customer,
                        "State",
                        "channel-42",
                        "WelcomeCode",
                        "WELCOME1"));
        String sealed = seal(event);
        String ts = now();

        var first = push(sealed, ts, "nonce-a");
        var retryWithNewSignature = push(seal(event), now(), "nonce-b");
        var replay = push(sealed, ts, "nonce-a");

        assertThat(List.of(first.body(), retryWithNewSignature.body(), replay.body()))
                .containsOnly("success");
        assertThat(inboxCount()).isEqualTo(1);
        awaitProcessed();
        var added = events.of(CustomerAdded.class).stream()
                .filter(e -> e.externalUserId().equals(customer))
                .toList();
        assertThat(added).hasSize(1);
        assertThat(added.getFirst())
                .extracting(
                        CustomerAdded::tenant,
                        CustomerAdded::staffUserId,
                        CustomerAdded::state,
                        CustomerAdded::welcomeCode)
                .containsExactly(new TenantId(tenant), "zhangsan", "channel-42", "WELCOME1");
        var follow = new JdbcTemplate(owner)
                .queryForMap(
                        "select user_id, state, active from wecom.follow where tenant_id = ? and external_user_id = ?",
                        tenant,
                        customer);
        assertThat(follow)
                .containsEntry("user_id", "zhangsan")
                .containsEntry("state", "channel-42")
                .containsEntry("active", true);
    }

    @Test
    void distinctEventsInTheSameSecondAreKeptApart() throws Exception {
        String customer = newCustomerId();
        long second = Instant.now().getEpochSecond();
        push(
                seal(xml(
                        second,
                        "add_external_contact",
                        Map.of("UserID", "lisi", "ExternalUserID", customer, "State", "a"))),
                now(),
                "n-1");
        push(seal(xml(second, "del_follow_user", Map.of("UserID", "lisi", "ExternalUserID", customer))), now(), "n-2");

        assertThat(inboxCount()).isEqualTo(2);
        awaitProcessed();
        assertThat(new JdbcTemplate(owner)
                        .queryForObject(
                                "select active from wecom.follow where tenant_id = ? and external_user_id = ?",
                                Boolean.class,
                                tenant,
                                customer))
                .isFalse();
        assertThat(events.of(StaffDeletedByCustomer.class))
                .anyMatch(e -> e.externalUserId().equals(customer));
    }

    @Test
    void aTransferClosesTheOldRelationAsATransferNotADeletion() throws Exception {
        String customer = newCustomerId();
        long second = Instant.now().getEpochSecond();
        push(
                seal(xml(second, "add_external_contact", Map.of("UserID", "wangwu", "ExternalUserID", customer))),
                now(),
                "t-1");
        push(
                seal(xml(
                        second + 1,
                        "del_external_contact",
                        Map.of("UserID", "wangwu", "ExternalUserID", customer, "Source", "DELETE_BY_TRANSFER"))),
                now(),
                "t-2");

        awaitProcessed();
        assertThat(new JdbcTemplate(owner)
                        .queryForObject(
                                "select removed_by from wecom.follow where tenant_id = ? and external_user_id = ?",
                                String.class,
                                tenant,
                                customer))
                .isEqualTo("transfer");
        assertThat(events.of(CustomerRemoved.class))
                .anyMatch(e -> e.externalUserId().equals(customer) && e.byTransfer());
    }

    @Test
    void refusesForgedStaleForeignAndMalformedPushesWithA4xx() throws Exception {
        String sealed = seal(xml(
                Instant.now().getEpochSecond(),
                "add_external_contact",
                Map.of("UserID", "x", "ExternalUserID", "wmforged")));
        String body = envelope(sealed);
        String ts = now();
        String old = String.valueOf(Instant.now().getEpochSecond() - 3600);
        String foreign = new CallbackCipher(TOKEN, AES_KEY, "wwsomeoneelse").encrypt("<xml/>", new byte[16]);

        assertThat(post("msg_signature=0000&timestamp=" + ts + "&nonce=n", body).statusCode())
                .isEqualTo(403);
        assertThat(post(signed(old, "n", sealed), body).statusCode()).isEqualTo(403);
        assertThat(post(signed(ts, "n", foreign), envelope(foreign)).statusCode())
                .isEqualTo(403);
        for (String malformed : List.of(
                "not xml",
                "<xml></xml>",
                "<xml><Encrypt>!!!</Encrypt></xml>",
                "<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><xml><Encrypt>&e;</Encrypt></xml>")) {
            assertThat(post(signed(ts, "n", "!!!"), malformed).statusCode())
                    .as(malformed)
                    .isEqualTo(400);
        }
        assertThat(post("timestamp=" + ts + "&nonce=n", body).statusCode()).isEqualTo(400);
        var unknown = http.send(
                HttpRequest.newBuilder(
                                URI.create(base() + "/wecom/callback/no-such-workspace?" + signed(ts, "n", sealed)))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(inboxCount()).isZero();
    }

    static String xml(long createTime, String changeType, Map<String, String> fields) {
        StringBuilder xml = new StringBuilder("<xml><ToUserName><![CDATA[" + CORP + "]]></ToUserName>"
                + "<FromUserName><![CDATA[sys]]></FromUserName><CreateTime>" + createTime + "</CreateTime>"
                + "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_external_contact]]></Event>"
                + "<ChangeType><![CDATA[" + changeType + "]]></ChangeType>");
        new TreeMap<>(fields).forEach((name, value) -> xml.append('<')
                .append(name)
                .append("><![CDATA[")
                .append(value)
                .append("]]></")
                .append(name)
                .append('>'));
        return xml.append("</xml>").toString();
    }

    private String seal(String event) {
        byte[] prefix = new byte[16];
        random.nextBytes(prefix);
        return cipher.encrypt(event, prefix);
    }

    private static String envelope(String sealed) {
        return "<xml><ToUserName><![CDATA[" + CORP + "]]></ToUserName><AgentID><![CDATA[1000002]]></AgentID>"
                + "<Encrypt><![CDATA[" + sealed + "]]></Encrypt></xml>";
    }

    private String signed(String timestamp, String nonce, String sealed) {
        return "msg_signature=" + cipher.signature(timestamp, nonce, sealed) + "&timestamp=" + timestamp + "&nonce="
                + nonce;
    }

    private HttpResponse<String> push(String sealed, String timestamp, String nonce) throws Exception {
        return post(signed(timestamp, nonce, sealed), envelope(sealed));
    }

    private HttpResponse<String> post(String query, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(callback(query))
                        .header("Content-Type", "text/xml")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI callback(String query) {
        return URI.create(base() + "/wecom/callback/" + slug + "?" + query);
    }

    private long inboxCount() {
        return new JdbcTemplate(owner)
                .queryForObject("select count(*) from wecom.inbox where tenant_id = ?", Long.class, tenant);
    }

    private void awaitProcessed() {
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> new JdbcTemplate(owner)
                                .queryForObject(
                                        "select count(*) from wecom.inbox where tenant_id = ? and processed_at is null",
                                        Long.class,
                                        tenant)
                        == 0);
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private static String newCustomerId() {
        return "wm" + UUID.randomUUID().toString().replace("-", "");
    }

    private static String now() {
        return String.valueOf(Instant.now().getEpochSecond());
    }
}
