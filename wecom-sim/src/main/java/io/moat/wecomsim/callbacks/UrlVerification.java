package io.moat.wecomsim.callbacks;

import io.moat.wecomsim.SimClock;
import io.moat.wecomsim.crypto.MsgCrypt;
import io.moat.wecomsim.random.RandomStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The handshake WeCom performs before it accepts a callback URL: a GET carrying an encrypted echostr, to which the
 * receiver must answer the decrypted plaintext and nothing else (no quotes, BOM or newline).
 */
public final class UrlVerification {

    /** The outcome the control API reports. */
    public record Outcome(boolean verified, String detail) {}

    private final HttpClient http;
    private final SimClock clock;
    private final RandomStream random;

    public UrlVerification(HttpClient http, SimClock clock, RandomStream random) {
        this.http = http;
        this.clock = clock;
        this.random = random;
    }

    public Outcome verify(CallbackConfig config, String corpId, Duration timeout) {
        MsgCrypt crypt = config.crypt(corpId);
        String echo = random.digits(19);
        String echostr = crypt.encrypt(echo, random.bytes(16));
        String timestamp = Long.toString(clock.epochSecond());
        String nonce = random.digits(10);
        String query = "msg_signature=" + crypt.sign(timestamp, nonce, echostr)
                + "&timestamp=" + timestamp
                + "&nonce=" + nonce
                + "&echostr=" + URLEncoder.encode(echostr, StandardCharsets.UTF_8);
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(config.urlWith(query)))
                    .timeout(timeout)
                    .GET()
                    .build();
        } catch (IllegalArgumentException e) {
            return new Outcome(false, "invalid callback URL: " + e.getMessage());
        }
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return new Outcome(false, "verification GET answered HTTP " + response.statusCode());
            }
            if (!response.body().equals(echo)) {
                return new Outcome(false, "reply body was not the decrypted echostr " + echo);
            }
            return new Outcome(true, "echostr echoed correctly");
        } catch (java.net.http.HttpTimeoutException e) {
            return new Outcome(false, "no answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return new Outcome(false, "connection failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(false, "interrupted");
        }
    }
}
