package io.moat.commerce.export;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * Reads an amount in yuan as exports write it ({@code ¥1,299.00}, {@code ￥ 59}, {@code 12.5元}, full-width
 * digits) into fen. Fen are whole: an amount with a third decimal is refused rather than rounded.
 */
public final class MoneyText {

    private MoneyText() {}

    /** The amount in fen; empty for a blank cell; throws for anything that is not a non-negative amount. */
    public static Optional<Long> fen(String text) {
        String digits = halfWidth(Cells.clean(text))
                .replace("¥", "")
                .replace("元", "")
                .replace("RMB", "")
                .replace("CNY", "")
                .replace(",", "")
                .replace(" ", "");
        if (digits.isEmpty() || digits.equals("-") || digits.equals("--")) {
            return Optional.empty();
        }
        BigDecimal yuan;
        try {
            yuan = new BigDecimal(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text.strip() + "' is not an amount");
        }
        if (yuan.signum() < 0) {
            throw new IllegalArgumentException("'" + text.strip() + "' is negative");
        }
        BigDecimal fen = yuan.movePointRight(2).stripTrailingZeros();
        if (fen.scale() > 0) {
            throw new IllegalArgumentException("'" + text.strip() + "' has more than two decimals");
        }
        return Optional.of(fen.longValueExact());
    }

    /** Full-width forms (U+FF01–FF5E, such as ０–９, ，, ．, ￥) as their ASCII counterparts. */
    static String halfWidth(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '￥') {
                out.append('¥');
            } else if (c >= '\uFF01' && c <= '\uFF5E') {
                out.append((char) (c - 0xFEE0));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
