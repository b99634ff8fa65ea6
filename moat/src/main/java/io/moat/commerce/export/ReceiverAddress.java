package io.moat.commerce.export;

import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Province and city from a one-cell address as Taobao and JD write it ({@code 浙江省 杭州市 西湖区 文三路 1 号},
 * {@code 广东 广州市 天河区 …}, {@code 北京 朝阳区 …}): the first two space-separated parts, when they look like a
 * province and a city. In the four municipalities the city is the municipality itself.
 */
record ReceiverAddress(@Nullable String province, @Nullable String city) {

    private static final Set<String> PROVINCES = Set.of(
            "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南",
            "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海", "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港", "澳门");
    private static final Set<String> MUNICIPALITIES = Set.of("北京", "天津", "上海", "重庆");
    // Compiled once: an import reads an address per row.
    private static final Pattern PARTS = Pattern.compile("[\\s\\u3000]+");
    private static final Pattern PROVINCE_SUFFIX = Pattern.compile("(省|市|自治区|壮族自治区|回族自治区|维吾尔自治区|特别行政区)$");
    private static final Pattern CITY = Pattern.compile(".{1,9}(市|州|盟|地区)");

    static ReceiverAddress of(@Nullable String address) {
        if (address == null || address.isBlank()) {
            return new ReceiverAddress(null, null);
        }
        String[] parts = PARTS.split(address.strip(), 3);
        if (!isProvince(parts[0])) {
            return new ReceiverAddress(null, null);
        }
        String province = parts[0];
        String second = parts.length > 1 ? parts[1] : "";
        String shortName = PROVINCE_SUFFIX.matcher(province).replaceAll("");
        if (MUNICIPALITIES.contains(shortName) && !second.startsWith(shortName)) {
            return new ReceiverAddress(province, shortName + "市");
        }
        return new ReceiverAddress(province, CITY.matcher(second).matches() ? second : null);
    }

    private static boolean isProvince(String part) {
        if (part.length() > 8) {
            return false;
        }
        for (String province : PROVINCES) {
            if (part.startsWith(province)) {
                return true;
            }
        }
        return false;
    }
}
