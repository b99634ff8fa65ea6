package io.moat.wecomsim.contacts;

import io.moat.wecomsim.random.RandomStream;
import java.util.List;

/** Chinese names for virtual customers and buyers, drawn from a small built-in list. */
public final class VirtualNames {

    private static final List<String> SURNAMES = List.of(
            "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高", "郑",
            "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹");
    private static final List<String> GIVEN_NAMES = List.of(
            "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平", "刚",
            "桂英", "小红", "晓燕", "文", "欣怡", "子涵", "浩然", "雨萱", "梓轩", "一诺", "思远");

    private VirtualNames() {}

    public static String draw(RandomStream random) {
        return SURNAMES.get(random.nextInt(SURNAMES.size())) + GIVEN_NAMES.get(random.nextInt(GIVEN_NAMES.size()));
    }
}
