package io.moat.wecomsim.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque paging cursors. Each names the last item a page returned (by a key that never changes, such as creation
 * order), so the next page starts after it even when items were added or removed in between.
 */
final class PageCursor {

    private PageCursor() {}

    static String encode(String position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    static String decode(String cursor) {
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid("cursor is not one this API returned");
        }
    }

    /** A cursor naming a sequence number; empty or absent means the first page. */
    static long afterSeq(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(decode(cursor));
        } catch (NumberFormatException e) {
            throw ApiError.invalid("cursor is not one this API returned");
        }
    }

    static String ofSeq(long seq) {
        return encode(Long.toString(seq));
    }
}
