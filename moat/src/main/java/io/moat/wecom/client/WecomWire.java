package io.moat.wecom.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import me.chanjar.weixin.common.error.WxError;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.cp.api.WxCpService;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The wire path of the calls the send broker makes at WeCom's rate cap ({@code add_msg_template} for text tasks,
 * {@code message/send} for staff notices, {@code get_groupmsg_send_result}): the JSON body written straight into
 * bytes with Jackson's generator and posted over a kept-alive HTTP/1.1 connection ({@link WecomConnections}), the
 * answer read as a tree. WxJava makes the same calls through Gson beans, a string round trip and Apache HttpClient,
 * which profiled at about a millisecond of CPU a call; the JDK's {@code java.net.http.HttpClient} was tried and cost
 * more still (its asynchronous pipeline hands every exchange between threads). At 10,000 calls a minute either is a
 * third of a core or more.
 *
 * <p>Only the transport is replaced: the access token still comes from WxJava's service (fetched once, refreshed by
 * {@link WecomCalls} on 40014/42001), a non-zero errcode is thrown as WxJava's {@link WxErrorException} so the retry
 * and at-most-once rules of {@link WecomCalls} apply unchanged, and an HTTP error or a failure in transit is a runtime
 * exception, as it was from WxJava.
 */
final class WecomWire {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Generators straight from the factory: the mapper's would set up a serialization context per body. */
    private static final JsonFactory GENERATORS = JsonFactory.builder().build();

    private WecomWire() {}

    /** Writes a request body with Jackson's streaming generator: no beans, no intermediate string. */
    static byte[] body(Consumer<JsonGenerator> fields) {
        var out = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = GENERATORS.createGenerator(out)) {
            generator.writeStartObject();
            fields.accept(generator);
            generator.writeEndObject();
        }
        return out.toByteArray();
    }

    static void stringArray(JsonGenerator generator, String name, List<String> values) {
        generator.writeName(name);
        generator.writeStartArray();
        for (String value : values) {
            generator.writeString(value);
        }
        generator.writeEndArray();
    }

    /**
     * Posts {@code body} to {@code api} with the corp's access token and answers WeCom's reply, or throws WeCom's
     * errcode as a {@link WxErrorException}.
     */
    static JsonNode post(WxCpService service, String api, byte[] body) throws WxErrorException {
        String token = service.getAccessToken();
        String url = service.getWxCpConfigStorage().getApiUrl(api) + "?access_token=" + token;
        WecomConnections.Response response;
        try {
            response = WecomConnections.post(url, body, WecomConnections.Proxy.of(service.getWxCpConfigStorage()));
        } catch (IOException e) {
            throw new UncheckedIOException(api + " failed in transit", e);
        }
        if (response.status() != 200) {
            throw new UncheckedIOException(new IOException(api + " answered HTTP " + response.status() + ": "
                    + new String(response.body(), StandardCharsets.UTF_8)));
        }
        JsonNode answer = JSON.readTree(response.body());
        int errcode = answer.path("errcode").asInt(0);
        if (errcode != 0) {
            String errmsg = answer.path("errmsg").asString("");
            var error = new WxError(errcode, errmsg);
            error.setJson(answer.toString());
            throw new WxErrorException(error);
        }
        return answer;
    }
}
