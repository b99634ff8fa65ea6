package io.moat.commerce.export;

import io.moat.commerce.Platform;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Where an uploaded export comes from, which decides how it reads. */
public enum ExportSource {
    TAOBAO,
    TMALL,
    JD,
    DOUYIN,
    YOUZAN,
    /** Any other shop system, read through a header mapping. */
    GENERIC;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ExportSource> ofCode(String code) {
        return Arrays.stream(values()).filter(s -> s.code().equals(code)).findFirst();
    }

    public boolean needsMapping() {
        return this == GENERIC;
    }

    /** The format; a generic source needs its mapping and the platform its orders are recorded under. */
    public OrderExport format(@Nullable HeaderMapping mapping, Platform genericPlatform) {
        return switch (this) {
            case TAOBAO -> new TaobaoOrderReport(Platform.TAOBAO);
            case TMALL -> new TaobaoOrderReport(Platform.TMALL);
            case JD -> new JdOrderExport();
            case DOUYIN -> new DouyinOrderExport();
            case YOUZAN -> new YouzanOrderExport();
            case GENERIC -> {
                if (mapping == null) {
                    throw new IllegalArgumentException("a generic export needs a header mapping");
                }
                yield new MappedOrderExport(genericPlatform, mapping);
            }
        };
    }
}
