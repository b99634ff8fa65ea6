package io.moat.wecomsim.tags;

/** An enterprise tag (企业标签). A larger order sorts first, as in WeCom. */
public record CorpTag(String id, String name, long createTime, long order) {}
