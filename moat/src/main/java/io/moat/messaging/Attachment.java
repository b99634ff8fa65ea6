package io.moat.messaging;

import org.jspecify.annotations.Nullable;

/**
 * A piece sent along with the text: an image (by WeCom media id) or a link (title and url), as taken from the
 * content library.
 */
public record Attachment(
        String kind,
        @Nullable String mediaId,
        @Nullable String title,
        @Nullable String url) {

    public Attachment {
        if (!kind.equals("image") && !kind.equals("link")) {
            throw new IllegalArgumentException("attachment kind must be image or link, was " + kind);
        }
        if (kind.equals("image") && (mediaId == null || mediaId.isBlank())) {
            throw new IllegalArgumentException("an image attachment needs its media id");
        }
        if (kind.equals("link") && (url == null || url.isBlank() || title == null || title.isBlank())) {
            throw new IllegalArgumentException("a link attachment needs a title and a url");
        }
    }

    public static Attachment image(String mediaId) {
        return new Attachment("image", mediaId, null, null);
    }

    public static Attachment link(String title, String url) {
        return new Attachment("link", null, title, url);
    }
}
