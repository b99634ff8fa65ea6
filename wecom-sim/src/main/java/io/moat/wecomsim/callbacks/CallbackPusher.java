package io.moat.wecomsim.callbacks;

import io.moat.wecomsim.SimClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one corp's pushes in order on a background thread, so the control call that caused an event returns at
 * once. Like WeCom, it counts a push as delivered only on HTTP 200 within the timeout with an empty or "success"
 * body, and otherwise tries again, three attempts in all. The gap between attempts is short real time, not
 * simulated time, to keep tests fast.
 */
public final class CallbackPusher implements AutoCloseable {

    public static final int MAX_ATTEMPTS = 3;
    static final Duration RETRY_GAP = Duration.ofMillis(200);
    private static final int ANSWER_LIMIT = 500;
    private static final Logger log = LoggerFactory.getLogger(CallbackPusher.class);

    private final String corpId;
    private final HttpClient http;
    private final SimClock clock;
    private final Supplier<Duration> timeout;
    private final CallbackLog callbackLog;
    private final BlockingQueue<Push> queue = new LinkedBlockingQueue<>();
    private final Thread worker;

    public CallbackPusher(
            String corpId, HttpClient http, SimClock clock, Supplier<Duration> timeout, CallbackLog callbackLog) {
        this.corpId = corpId;
        this.http = http;
        this.clock = clock;
        this.timeout = timeout;
        this.callbackLog = callbackLog;
        this.worker = Thread.ofVirtual().name("wecom-sim-push-" + corpId).start(this::run);
    }

    public void enqueue(Push push) {
        queue.add(push);
    }

    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Push push = queue.take();
                boolean delivered = deliver(push, false);
                if (delivered && push.duplicated()) {
                    deliver(push, true);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean deliver(Push push, boolean duplicate) throws InterruptedException {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            PushAttempt result = attempt(push, attempt, duplicate);
            callbackLog.record(result);
            if (result.delivered()) {
                return true;
            }
            if (attempt < MAX_ATTEMPTS) {
                Thread.sleep(RETRY_GAP);
            }
        }
        log.warn(
                "{} push {} ({}/{}) not delivered after {} attempts",
                corpId,
                push.seq(),
                push.event().event(),
                push.event().changeType(),
                MAX_ATTEMPTS);
        return false;
    }

    private PushAttempt attempt(Push push, int attempt, boolean duplicate) throws InterruptedException {
        Duration limit = timeout.get();
        HttpRequest request = HttpRequest.newBuilder(URI.create(push.url()))
                .timeout(limit)
                .header("Content-Type", "text/xml")
                .POST(HttpRequest.BodyPublishers.ofString(push.body(), StandardCharsets.UTF_8))
                .build();
        Integer status = null;
        String answer;
        boolean delivered = false;
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            status = response.statusCode();
            answer = response.body();
            String trimmed = answer.strip();
            delivered = status == 200 && (trimmed.isEmpty() || trimmed.equals("success"));
        } catch (java.net.http.HttpTimeoutException e) {
            answer = "no answer within " + limit.toMillis() + " ms";
        } catch (IOException e) {
            answer = "connection failed: " + e;
        }
        return new PushAttempt(
                push.seq(),
                push.event().event(),
                push.event().changeType(),
                attempt,
                status,
                shorten(answer),
                clock.now(),
                duplicate,
                delivered);
    }

    private static String shorten(String answer) {
        return answer.length() <= ANSWER_LIMIT ? answer : answer.substring(0, ANSWER_LIMIT) + "…";
    }

    /** Pending pushes are dropped: closing means the simulated WeCom is gone. */
    @Override
    public void close() {
        worker.interrupt();
    }
}
