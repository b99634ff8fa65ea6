package io.moat.commerce.export;

/**
 * Cleans one cell as exports write it: surrounding spaces of every kind (full-width, no-break, tabs that sellers
 * add to keep Excel from reformatting), the {@code ="1234"} formula and leading apostrophe that keep Excel from
 * turning long order numbers into 1.23E+17.
 */
public final class Cells {

    private Cells() {}

    public static String clean(String raw) {
        String text = strip(raw);
        if (text.length() >= 3 && text.startsWith("=\"") && text.endsWith("\"")) {
            text = strip(text.substring(2, text.length() - 1));
        }
        if (text.length() >= 2 && text.charAt(0) == '\'' && Character.isDigit(text.charAt(1))) {
            text = text.substring(1);
        }
        return text;
    }

    static String strip(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isSpace(text.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\uFEFF' || c == '\u200B';
    }
}
