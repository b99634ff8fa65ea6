package io.moat.commerce.export;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Which column of a shop's own export holds which order field, e.g. {@code {"orderNo":"单号","paidAt":"付款时间"}}.
 * Set once in the import wizard and saved per source name, so the next export of that shop imports without it.
 */
public record HeaderMapping(Map<String, String> columns) {

    /** The fields a mapping may name, with the header names a guess accepts for each. */
    public enum Field {
        orderNo("订单号", "订单编号", "单号", "主订单编号", "order_no", "orderNo", "tid"),
        status("订单状态", "状态", "交易状态", "status"),
        createdAt("下单时间", "创建时间", "订单创建时间", "订单提交时间", "created_at", "created"),
        paidAt("付款时间", "支付时间", "订单付款时间", "支付完成时间", "买家付款时间", "paid_at", "pay_time"),
        shippedAt("发货时间", "shipped_at"),
        finishedAt("完成时间", "成交时间", "交易成功时间", "finished_at"),
        total("订单金额", "总金额", "应付金额", "订单应付金额", "total"),
        paid("实付金额", "支付金额", "实收金额", "买家实际支付金额", "订单实付金额", "paid", "payment"),
        postFee("运费", "邮费", "post_fee"),
        refunded("退款金额", "已退款金额", "refunded"),
        buyerNick("买家昵称", "买家会员名", "昵称", "buyer_nick"),
        buyerOpenId("买家ID", "买家open_id", "buyer_open_id"),
        unionid("unionid", "UnionID"),
        openid("openid", "OpenID", "微信OpenID"),
        phone("手机号", "手机", "联系手机", "联系电话", "收货人手机号", "收件人手机号", "phone", "mobile"),
        province("省", "省份", "收货人省份", "province"),
        city("市", "城市", "收货人城市", "city"),
        address("收货地址", "地址", "详细地址", "address"),
        sku("SKU", "sku", "商品编码", "商家编码", "规格编码"),
        title("商品名称", "商品", "宝贝标题", "title"),
        quantity("数量", "商品数量", "购买数量", "quantity"),
        unitPrice("单价", "商品单价", "unit_price"),
        lineAmount("小计", "商品金额", "商品实付金额", "line_amount");

        private final List<String> synonyms;

        Field(String... synonyms) {
            this.synonyms = List.of(synonyms);
        }

        static Optional<Field> named(String name) {
            return Arrays.stream(values()).filter(f -> f.name().equals(name)).findFirst();
        }
    }

    public HeaderMapping {
        columns = Map.copyOf(columns);
    }

    public @Nullable String column(Field field) {
        return columns.get(field.name());
    }

    /**
     * What is wrong with this mapping for a file with the given header: a problem per field, keyed by the field
     * path ({@code mapping.orderNo}). Empty when the mapping can be used.
     */
    public Map<String, String> problems(List<String> header) {
        Map<String, String> problems = new LinkedHashMap<>();
        columns.forEach((field, column) -> {
            if (Field.named(field).isEmpty()) {
                problems.put("mapping." + field, "is not an order field");
            } else if (!header.contains(column)) {
                problems.put("mapping." + field, "column '" + column + "' is not in the file");
            }
        });
        for (Field required : List.of(Field.orderNo, Field.createdAt)) {
            if (column(required) == null) {
                problems.putIfAbsent("mapping." + required.name(), "must name a column");
            }
        }
        if (column(Field.total) == null && column(Field.paid) == null) {
            problems.putIfAbsent("mapping.paid", "must name a column (or map total)");
        }
        return problems;
    }

    /** A mapping from the header's own names, for files whose columns are named the usual way. */
    public static HeaderMapping guess(List<String> header) {
        Map<String, String> columns = new LinkedHashMap<>();
        for (Field field : Field.values()) {
            field.synonyms.stream()
                    .filter(header::contains)
                    .findFirst()
                    .ifPresent(column -> columns.put(field.name(), column));
        }
        return new HeaderMapping(columns);
    }
}
