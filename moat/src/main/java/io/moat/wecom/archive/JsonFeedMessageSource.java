package io.moat.wecom.archive;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the archive from a JSON feed: {@code GET <feed>?seq=N&limit=M} answers WeCom's GetChatData shape with the
 * messages already decrypted: {@code {"errcode":0,"chatdata":[{"seq","msgid","action","from","tolist","roomid",
 * "msgtime","msgtype","text":{"content"}}]}}, {@code msgtime} in milliseconds.
 */
final class JsonFeedMessageSource implements GroupMessageSource {

    private final URI feed;
    private final HttpClient http;
    private final JsonMapper json;

    JsonFeedMessageSource(URI feed, HttpClient http, JsonMapper json) {
        this.feed = feed;
        this.http = http;
        this.json = json;
    }

    @Override
    public List<ArchivedMessage> after(long afterSeq, int limit) {
        String separator = feed.getQuery() == null ? "?" : "&";
        URI page = URI.create(feed + separator + "seq=" + afterSeq + "&limit=" + limit);
        HttpResponse<String> response;
        try {
            response = http.send(
                    HttpRequest.newBuilder(page)
                            .timeout(Duration.ofSeconds(10))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new ArchiveUnavailable("the archive feed did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ArchiveUnavailable("interrupted");
        }
        if (response.statusCode() != 200) {
            throw new ArchiveUnavailable("the archive feed answered HTTP " + response.statusCode());
        }
        JsonNode body = json.readTree(response.body());
        if (body.path("errcode").asInt(0) != 0) {
            throw new ArchiveUnavailable(
                    "the archive feed answered errcode " + body.path("errcode").asInt());
        }
        List<ArchivedMessage> messages = new ArrayList<>();
        for (JsonNode entry : body.path("chatdata")) {
            String room = entry.path("roomid").asString("");
            messages.add(new ArchivedMessage(
                    entry.path("seq").asLong(),
                    entry.path("msgid").asString(),
                    entry.path("action").asString("send"),
                    entry.path("from").asString(),
                    room.isEmpty() ? null : room,
                    Instant.ofEpochMilli(entry.path("msgtime").asLong()),
                    entry.path("msgtype").asString(),
                    entry.path("text").path("content").asString(null)));
        }
        return messages;
    }

    /** The feed could not be read now; the next pull tries again from the same sequence number. */
    static final class ArchiveUnavailable extends RuntimeException {
        ArchiveUnavailable(String message) {
            super(message);
        }
    }
}
