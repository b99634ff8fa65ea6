package io.moat.wecomsim.commerce;

import static io.moat.wecomsim.support.SimHarness.CORP;
import static org.assertj.core.api.Assertions.assertThat;

import io.moat.wecomsim.support.SimHarness;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The Taobao 订单报表 export (wecom-api.md §12) and the JSON order feed. */
class OrderExportTests {

    static final String HEADER = "订单编号,买家会员名,买家支付宝账号,买家应付货款,买家应付邮费,买家支付积分,总金额,返点积分,买家实际支付金额,买家实际支付积分,订单状态,"
            + "买家留言,收货人姓名,收货地址,运送方式,联系电话,联系手机,订单创建时间,订单付款时间,宝贝标题,宝贝种类,物流单号,物流公司,订单备注,宝贝总数量,店铺Id,"
            + "店铺名称,订单关闭原因,卖家服务费,买家服务费,发票抬头,是否手机订单,分阶段订单信息,定金排名,修改后的sku,修改后的收货地址,异常信息";

    final SimHarness sim = SimHarness.start();
    final String alice;

    {
        sim.createCorp();
        sim.addStaff(CORP, "zhangsan", "张三");
        String configId = sim.contactWay(CORP, sim.token(CORP), "zhangsan", "s");
        var scan = SimHarness.object().put("configId", configId);
        scan.putObject("customer").put("name", "王小明").put("unionid", "oUnionAlice0000000000000000x");
        alice = sim.post("/sim/corps/" + CORP + "/scan", scan)
                .path("externalUserId")
                .asString();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void theExportIsAGbkCsvWithTheSellerCentreHeaderAndItsQuirks() throws Exception {
        JsonNode finished = place(alice, "TRADE_FINISHED", true);
        sim.clock().advance(Duration.ofMinutes(10));
        JsonNode unpaid = place(null, "WAIT_BUYER_PAY", false);

        HttpResponse<byte[]> response = export("2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/csv; charset=GBK");
        byte[] bytes = response.body();
        assertThat(HexFormat.of().formatHex(bytes)).doesNotContain("e8aea2"); // 订 in UTF-8
        String text = new String(bytes, Charset.forName("GBK"));
        assertThat(text).endsWith("\r\n");
        String[] lines = text.split("\r\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).isEqualTo("\"" + HEADER.replace(",", "\",\"") + "\"");
        List<String> first = fields(lines[1]);
        List<String> second = fields(lines[2]);
        assertThat(first).hasSize(37);
        assertThat(first.get(0))
                .isEqualTo("=\"" + finished.path("orderNo").asString() + "\"")
                .matches("=\"\\d{19}\"");
        assertThat(lines[1]).startsWith("\"=\"\"" + finished.path("orderNo").asString() + "\"\"\",");
        assertThat(first.get(10)).isEqualTo("交易成功");
        assertThat(first.get(12)).isEqualTo("王小明");
        assertThat(first.get(16)).matches("1\\d{2}\\*{4}\\d{4}");
        assertThat(first.get(17)).isEqualTo("2026-01-01 08:00:00");
        assertThat(first.get(18)).matches("2026-01-01 08:\\d{2}:\\d{2}");
        assertThat(first.get(6)).isEqualTo(yuan(finished.path("totalFen").asLong()));
        assertThat(first.get(8)).isEqualTo(first.get(6));
        assertThat(first.get(13)).matches("\\S+ \\S+市 .+");
        assertThat(second.get(10)).isEqualTo("等待买家付款");
        assertThat(second.get(16))
                .matches("1\\d{10}")
                .isEqualTo(unpaid.path("phone").asString());
        assertThat(second.get(17)).isEqualTo("2026-01-01 08:10:00");
        assertThat(second.get(18)).isEmpty();
        assertThat(second.get(8)).isEqualTo("0.00");
        assertThat(export("2026-01-01T00:05:00Z", "2026-01-02T00:00:00Z").body().length)
                .as("only orders created within [from, to)")
                .isLessThan(bytes.length);
    }

    @Test
    void anOrderByACustomerCarriesTheirUnionidSoItCanBeMatchedToTheContact() {
        JsonNode order = place(alice, "WAIT_SELLER_SEND_GOODS", true);
        JsonNode contact = sim.apiGet(
                "/cgi-bin/externalcontact/get?access_token=" + sim.token(CORP) + "&external_userid=" + alice);

        assertThat(order.path("buyer").path("unionid").asString())
                .isEqualTo(contact.path("external_contact").path("unionid").asString());
        assertThat(order.path("paymentFen").asLong())
                .isEqualTo(order.path("totalFen").asLong())
                .isPositive();
        assertThat(order.path("lines").get(0).path("priceFen").asLong()).isPositive();
        sim.clock().advance(Duration.ofHours(1));
        place(null, "TRADE_CLOSED", true);

        assertThat(sim.get("/sim/corps/" + CORP + "/orders?since=2026-01-01T00:30:00Z"))
                .extracting(o -> o.path("status").asString())
                .containsExactly("TRADE_CLOSED");
        assertThat(sim.get("/sim/corps/" + CORP + "/orders")).hasSize(2);
    }

    private JsonNode place(String customer, String state, boolean masked) {
        var body = SimHarness.object().put("state", state).put("maskedPhone", masked);
        if (customer != null) {
            body.put("externalUserId", customer);
        }
        return sim.post("/sim/corps/" + CORP + "/orders", body);
    }

    private HttpResponse<byte[]> export(String from, String to) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            URI uri = URI.create(sim.sim.baseUrl() + "/sim/corps/" + CORP + "/orders/export?platform=taobao&from="
                    + from + "&to=" + to);
            return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        }
    }

    private static String yuan(long fen) {
        return String.format("%d.%02d", fen / 100, fen % 100);
    }

    /** A CSV line whose fields are all quoted, quotes doubled inside. */
    private static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            assertThat(line.charAt(i)).isEqualTo('"');
            StringBuilder field = new StringBuilder();
            i++;
            while (true) {
                char c = line.charAt(i);
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i += 2;
                } else if (c == '"') {
                    i++;
                    break;
                } else {
                    field.append(c);
                    i++;
                }
            }
            out.add(field.toString());
            if (i < line.length()) {
                assertThat(line.charAt(i)).isEqualTo(',');
                i++;
            }
        }
        return out;
    }
}
