package io.moat.commerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.moat.Api;
import io.moat.MoatTest;
import io.moat.workspace.WorkspaceDirectory;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The JSON order API: idempotent batches, field-named errors, keyset pages, and the module's query facade. */
@MoatTest
class OrderApiTests {

    @LocalServerPort
    int port;

    @Autowired
    OrderQueries queries;

    @Autowired
    WorkspaceDirectory directory;

    Api api;
    String admin;
    String slug;

    @BeforeEach
    void workspace() {
        api = new Api(port);
        admin = api.admin();
        slug = api.newWorkspace(admin);
    }

    static Map<String, Object> order(String orderNo, String status, Object paidFen) {
        return Map.of(
                "platform",
                "youzan",
                "orderNo",
                orderNo,
                "status",
                status,
                "createdAt",
                "2026-11-01T12:00:00+08:00",
                "paidAt",
                "2026-11-01 12:00:30",
                "totalFen",
                12900,
                "paidFen",
                paidFen,
                "buyer",
                Map.of("nick", "小明", "unionid", "union-1", "phone", "+86 138-0013-8000"),
                "lines",
                List.of(Map.of("sku", "SKU-1", "title", "面霜", "quantity", 1, "unitPriceFen", 12900)));
    }

    Api.Answer send(String token, Object... orders) {
        return api.post("/api/v1/workspaces/" + slug + "/orders", token, Map.of("orders", List.of(orders)));
    }

    @Test
    void aBatchIsRecordedOnceHoweverOftenItIsSent() {
        var first = send(admin, order("E1", "paid", 12900), order("E2", "finished", 5000));
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().path("accepted").asLong()).isEqualTo(2);
        assertThat(first.body().path("duplicates").asLong()).isZero();

        var again =
                send(admin, order("E1", "paid", 12900), order("E2", "finished", 5000), order("E2", "finished", 5000));
        assertThat(again.body().path("accepted").asLong()).isZero();
        assertThat(again.body().path("duplicates").asLong()).isEqualTo(3);
        assertThat(page(null, 50).path("items").size()).isEqualTo(2);
    }

    @Test
    void aLaterStageMovesAnOrderForwardButNeverBack() {
        send(admin, order("E9", "paid", 12900));

        var refunded = send(admin, order("E9", "refunded", 12900));
        assertThat(refunded.body().path("updated").asLong()).isEqualTo(1);
        var older = send(admin, order("E9", "shipped", 12900));
        assertThat(older.body().path("duplicates").asLong()).isEqualTo(1);

        assertThat(page(null, 50).path("items").get(0).path("status").asString())
                .isEqualTo("refunded");
    }

    @Test
    void invalidOrdersAreRejectedByIndexAndFieldWhileTheOthersAreRecorded() {
        var answer = send(
                admin,
                order("OK-1", "paid", 12900),
                order("BAD-1", "paid", 12.5),
                order("BAD-2", "teleported", 100),
                Map.of("platform", "jd", "orderNo", "BAD-3", "status", "paid", "createdAt", "yesterday"),
                order("OK-2", "unpaid", -1));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().path("accepted").asLong()).isEqualTo(1);
        assertThat(answer.body()
                        .path("rejected")
                        .valueStream()
                        .map(r -> tuple(r.path("index").asInt(), r.path("field").asString())))
                .containsExactly(
                        tuple(1, "orders[1].paidFen"),
                        tuple(2, "orders[2].status"),
                        tuple(3, "orders[3].createdAt"),
                        tuple(4, "orders[4].paidFen"));
        assertThat(answer.body().path("rejected").get(0).path("reason").asString())
                .startsWith("orders[1].paidFen: must be a whole number");
    }

    @Test
    void aBatchWithoutOrdersIsABadRequestAndReadersCannotWrite() {
        var empty = api.post("/api/v1/workspaces/" + slug + "/orders", admin, Map.of("orders", List.of()));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(Api.fields(empty)).containsExactly("orders");

        String analyst = api.memberWithRole(admin, slug, "analyst");
        assertThat(send(analyst, order("X", "paid", 1)).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/workspaces/" + slug + "/orders", analyst).status())
                .isEqualTo(200);
    }

    @Test
    void ordersPageByKeyNewestFirst() {
        send(admin, order("P1", "paid", 1), order("P2", "paid", 2), order("P3", "paid", 3));

        JsonNode first = page(null, 2);
        assertThat(first.path("items").valueStream().map(o -> o.path("orderNo").asString()))
                .containsExactly("P3", "P2");
        JsonNode second = page(first.path("next").asLong(), 2);
        assertThat(second.path("items").valueStream().map(o -> o.path("orderNo").asString()))
                .containsExactly("P1");
        assertThat(second.path("next").isMissingNode()).isTrue();
        JsonNode line = first.path("items").get(0).path("lines").get(0);
        assertThat(line.path("title").asString()).isEqualTo("面霜");
        assertThat(line.path("amountFen").asLong()).isEqualTo(12900);
    }

    @Test
    void otherModulesReadOrdersByIdThroughTheFacade() {
        send(admin, order("Q1", "paid", 12900));
        long id = page(null, 1).path("items").get(0).path("id").asLong();
        var tenant = directory.bySlug(slug).orElseThrow().tenant();

        List<OrderSummary> found = queries.ordersOf(tenant, List.of(id, 999_999_999L));

        assertThat(found).singleElement().satisfies(summary -> {
            assertThat(summary.orderNo()).isEqualTo("Q1");
            assertThat(summary.platform()).isEqualTo(Platform.YOUZAN);
            assertThat(summary.status()).isEqualTo(OrderStatus.PAID);
            assertThat(summary.paidFen()).isEqualTo(12900);
            assertThat(summary.createdAt()).isEqualTo(Instant.parse("2026-11-01T04:00:00Z"));
            assertThat(summary.buyer().unionid()).isEqualTo("union-1");
            assertThat(summary.buyer().phoneHash()).hasSize(64);
            assertThat(summary.phoneMasked()).isEqualTo("138****8000");
        });
        String other = api.newWorkspace(admin);
        assertThat(queries.ordersOf(directory.bySlug(other).orElseThrow().tenant(), List.of(id)))
                .isEmpty();
    }

    private JsonNode page(Long after, int limit) {
        String query = "?limit=" + limit + (after == null ? "" : "&after=" + after);
        return api.get("/api/v1/workspaces/" + slug + "/orders" + query, admin).body();
    }
}
