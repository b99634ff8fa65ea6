package io.moat.wecomsim.callbacks;

import java.time.Instant;

/**
 * One try at delivering one push, as the callbacks record shows it.
 *
 * @param seq the push's number within the corp; a retry or a duplicate repeats it
 * @param httpStatus null when no HTTP answer came (timeout, refused connection)
 * @param answer the response body, or what went wrong
 * @param duplicate true for the second delivery the duplicate knob adds
 * @param delivered HTTP 200 within the timeout and a body of "success" or nothing
 */
public record PushAttempt(
        long seq,
        String event,
        String changeType,
        int attempt,
        Integer httpStatus,
        String answer,
        Instant at,
        boolean duplicate,
        boolean delivered) {}
